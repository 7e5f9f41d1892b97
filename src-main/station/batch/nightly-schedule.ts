// The nightly batch: due at the configured local time each day, and at start-up when a run was cut
// short or a night was missed while the machine was off.
import type { BatchTrigger } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import { readSettings } from '../db/stored-settings.ts';
import { missedRun, nextRunAt } from './batch-schedule.ts';

/** The last scheduled time passed without a run starting after it. */
export function nightDue(db: StationDb, now: Date): boolean {
  const last = db.runs.listBatchRuns(1)[0];
  return missedRun(now, readSettings(db).batchTime, last ? new Date(last.startedAt) : null, new Date(0));
}

/** At start-up: a run cut short resumes, a missed night runs; a station never used waits. */
export function catchUpDue(db: StationDb, now: Date): boolean {
  if (db.runs.runningBatchRuns().length > 0) return true;
  const firstUse = db.runs.listBatchRuns(1).length === 0 && db.items.listUnfiledItems().length === 0;
  return !firstUse && nightDue(db, now);
}

export interface NightlyScheduleDeps {
  db: StationDb;
  clock: () => Date;
  isRunning: () => boolean;
  run: (trigger: Extract<BatchTrigger, 'schedule' | 'catch-up'>) => void;
  /** Called at every wake-up, due or not (the "no batch for too long" check). */
  onWake: () => void;
}

export interface NightlySchedule {
  /** Runs a catch-up batch if one is due, then waits for the next night. */
  start(): void;
  /** The batch time changed: wait for the new one. */
  reschedule(): void;
  stop(): void;
}

/** Timers drift and machines sleep: wake at most hourly and check again. */
const MAX_SLEEP_MS = 3_600_000;

export function createNightlySchedule(deps: NightlyScheduleDeps): NightlySchedule {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const wake = () => {
    if (nightDue(deps.db, deps.clock()) && !deps.isRunning()) deps.run('schedule');
    deps.onWake();
    reschedule();
  };
  function reschedule() {
    if (timer) clearTimeout(timer);
    if (stopped) return;
    const due = nextRunAt(deps.clock(), readSettings(deps.db).batchTime);
    const wait = Math.min(due.getTime() - deps.clock().getTime(), MAX_SLEEP_MS);
    timer = setTimeout(wake, Math.max(1000, wait));
    timer.unref?.();
  }
  return {
    start() {
      if (catchUpDue(deps.db, deps.clock())) deps.run('catch-up');
      reschedule();
    },
    reschedule,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
