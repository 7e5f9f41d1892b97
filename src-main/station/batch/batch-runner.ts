// The station's batches, whatever started them (the schedule, a catch-up, "Run now", the CLI): progress kept
// for the status, 'batch-started' / 'batch-progress' / 'batch-finished' events, and a run that
// stops by surprise recorded as failed with its alerts raised.
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { BatchProgress, BatchRun, BatchTrigger } from '../../../src-shared/domain.ts';
import type { ClassifierService } from '../classify/classifier-service.ts';
import type { StationDb } from '../db/station-db.ts';
import type { FitOutcome } from '../desk/fit-and-record.ts';
import type { StationEventBus } from '../station-events.ts';
import { BatchBusyError } from './batch-lock.ts';
import { createBatchService } from './batch-service.ts';
import { failRunningRun } from './fail-running-run.ts';

export interface BatchRunnerDeps {
  root: string;
  db: StationDb;
  classifier: ClassifierService;
  events: StationEventBus;
  raiseAlert: (alertId: number) => void;
  /** The desk head fit the batch worker runs after a night's outputs are written. */
  onDeskHeadFit?: (outcome: FitOutcome) => void;
}

export interface BatchRunner {
  run(trigger: BatchTrigger): Promise<BatchRun>;
  /** Starts a manual batch; resolves with its id once it has started (CONFLICT while one runs). */
  runNow(): Promise<{ runId: number }>;
  readonly running: boolean;
  /** The running batch's latest progress, or null. */
  readonly progress: BatchProgress | null;
  /** Lets the running batch finish; a failure after this is left for the next start. */
  close(): Promise<void>;
}

export function createBatchRunner(deps: BatchRunnerDeps): BatchRunner {
  const { db, events } = deps;
  let progress: BatchProgress | null = null;
  let closed = false;
  const service = createBatchService(deps.root, deps.classifier, {
    onStarted: (run) => events.emit('batch-started', run),
    onProgress: (p) => {
      progress = p;
      events.emit('batch-progress', p);
    },
    onAlert: (id) => deps.raiseAlert(id),
    onDeskHeadFit: (outcome) => deps.onDeskHeadFit?.(outcome),
  });

  /** Resolves with the finished run, or with the run recorded as failed when its thread died;
   * rejects when another process holds the lock (BatchBusyError) or nothing could be recorded. */
  async function run(trigger: BatchTrigger): Promise<BatchRun> {
    try {
      const finished = await service.run(trigger);
      progress = null;
      events.emit('batch-finished', finished);
      return finished;
    } catch (e) {
      progress = null;
      // Another process's batch is its own business; anything else ends this run as failed.
      if (e instanceof BatchBusyError || closed) throw e;
      const failed = failRunningRun(db, null, `The batch stopped: ${e instanceof Error ? e.message : String(e)}`, null);
      if (!failed) throw e;
      failed.alertIds.forEach(deps.raiseAlert);
      events.emit('batch-finished', failed.run);
      return failed.run;
    }
  }

  return {
    run,
    runNow() {
      return new Promise<{ runId: number }>((resolve, reject) => {
        const off = events.on('batch-started', (started) => {
          off();
          resolve({ runId: started.id });
        });
        run('manual').then(
          // Already answered at its start, or a run that ended (failed) before announcing one.
          (finished) => (off(), resolve({ runId: finished.id })),
          (e: unknown) => {
            off();
            reject(e instanceof BatchBusyError ? new StationRequestError('CONFLICT', e.message) : e);
          },
        );
      });
    },
    get running() {
      return service.running;
    },
    get progress() {
      return service.running ? progress : null;
    },
    async close() {
      closed = true;
      await service.whenIdle();
    },
  };
}
