// When the station runs a batch on its own: a night whose batch time passed without a run is due,
// and at start-up a run cut short or a missed night runs at once, while a station never used waits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localIso, openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { catchUpDue, createNightlySchedule, nightDue } from './nightly-schedule.ts';

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

/** A finished run started at the clock's current time. */
function finishedRunNow() {
  const run = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule' });
  t.db.runs.finishBatchRun(run.id, { status: 'completed', totalImages: 0, successful: 0, failed: 0 });
}

describe('the nightly schedule', () => {
  it('a night is due once its batch time (02:00 by default) has passed without a run starting after it', () => {
    t.clock.set(localIso(2025, 10, 13, 2, 30));
    finishedRunNow();
    expect(nightDue(t.db, new Date(localIso(2025, 10, 13, 23, 0)))).toBe(false);
    expect(nightDue(t.db, new Date(localIso(2025, 10, 14, 2, 1)))).toBe(true);
  });

  it('at start-up, a station never used waits, a missed night runs, and a run cut short resumes', () => {
    const now = new Date(localIso(2025, 10, 14, 9, 0));
    expect(catchUpDue(t.db, now)).toBe(false);
    t.clock.set(localIso(2025, 10, 13, 2, 30));
    finishedRunNow();
    expect(catchUpDue(t.db, new Date(localIso(2025, 10, 13, 9, 0)))).toBe(false);
    expect(catchUpDue(t.db, now)).toBe(true);
    t.clock.set(now);
    t.db.runs.startBatchRun({ timestamp: '20251014_090000', trigger: 'manual' });
    expect(nightDue(t.db, now)).toBe(false);
    expect(catchUpDue(t.db, now)).toBe(true);
  });

  it('start() runs a catch-up batch only when one is due', () => {
    const runs: string[] = [];
    const clock = { now: new Date(localIso(2025, 10, 14, 9, 0)) };
    const schedule = () =>
      createNightlySchedule({
        db: t.db,
        clock: () => clock.now,
        isRunning: () => false,
        run: (trigger) => runs.push(trigger),
        onWake: () => {},
      });
    const first = schedule();
    first.start();
    first.stop();
    expect(runs).toEqual([]);
    t.clock.set(localIso(2025, 10, 13, 2, 30));
    finishedRunNow();
    const second = schedule();
    second.start();
    second.stop();
    expect(runs).toEqual(['catch-up']);
  });
});
