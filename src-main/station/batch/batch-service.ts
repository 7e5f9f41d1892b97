// Starts the nightly batch in its own worker thread and relays its classification requests to the
// classifier service. One batch at a time per station (and batch-lock.ts guards across processes).
import type { BatchProgress, BatchRun, BatchTrigger } from '../../../src-shared/domain.ts';
import type { ClassifierService } from '../classify/classifier-service.ts';
import { isClassifyError } from '../classify/classify-errors.ts';
import { spawnModuleWorker } from '../workers/spawn-module-worker.ts';
import type { FitOutcome } from '../desk/fit-and-record.ts';
import { BatchBusyError } from './batch-lock.ts';
import type { BatchWorkerData, FromBatch, ToBatch } from './batch-protocol.ts';

export interface BatchEvents {
  onStarted?: (run: BatchRun) => void;
  onProgress?: (p: BatchProgress) => void;
  onAlert?: (alertId: number) => void;
  onDeskHeadFit?: (outcome: FitOutcome) => void;
}

const entry = new URL('./batch-worker.ts', import.meta.url);

export interface BatchService {
  /** Runs one batch; rejects with BatchBusyError if one is already running here. */
  run(trigger: BatchTrigger): Promise<BatchRun>;
  readonly running: boolean;
  /** Resolves when no batch is running (whatever its outcome) and its worker has ended (after a
   * run it fits the desk head). */
  whenIdle(): Promise<void>;
}

export function createBatchService(root: string, classifier: ClassifierService, events: BatchEvents = {}): BatchService {
  let current: Promise<BatchRun> | null = null;
  let exited: Promise<void> = Promise.resolve();

  function runInWorker(trigger: BatchTrigger): Promise<BatchRun> {
    const worker = spawnModuleWorker(entry, { root, trigger } satisfies BatchWorkerData as unknown as Record<string, unknown>);
    const reply = (m: ToBatch) => worker.postMessage(m);
    exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    return new Promise<BatchRun>((resolve, reject) => {
      let settled = false;
      worker.on('message', (m: FromBatch) => {
        switch (m.type) {
          case 'model':
            classifier.ready().then(
              (model) => reply({ type: 'model', id: m.id, ok: true, model }),
              (e: unknown) =>
                reply({
                  type: 'model',
                  id: m.id,
                  ok: false,
                  error: isClassifyError(e)
                    ? { code: e.code, message: e.message, file: e.file }
                    : { code: 'WORKER_FAILED', message: String(e) },
                }),
            );
            break;
          case 'classify':
            classifier.classifyMany(m.files, { hash: m.hash }).then(
              (results) => reply({ type: 'classified', id: m.id, results }),
              (e: unknown) => reply({ type: 'classified', id: m.id, error: e instanceof Error ? e.message : String(e) }),
            );
            break;
          case 'started':
            events.onStarted?.(m.run);
            break;
          case 'progress':
            events.onProgress?.(m.progress);
            break;
          case 'alert':
            events.onAlert?.(m.alertId);
            break;
          case 'finished':
            settled = true;
            resolve(m.run);
            break;
          case 'desk-head':
            events.onDeskHeadFit?.(m.outcome);
            break;
          case 'crashed': {
            settled = true;
            reject(m.busyPid !== undefined ? new BatchBusyError(m.busyPid) : new Error(m.message));
            break;
          }
        }
      });
      worker.on('error', (e) => {
        if (!settled) reject(e);
        settled = true;
      });
      worker.on('exit', (code) => {
        if (!settled)
          reject(new Error(`The batch worker stopped unexpectedly (exit code ${code}); the next run resumes where it stopped.`));
      });
    });
  }

  return {
    get running() {
      return current !== null;
    },
    async whenIdle() {
      await current?.catch(() => {});
      await exited;
    },
    run(trigger) {
      if (current) return Promise.reject(new BatchBusyError(process.pid));
      current = runInWorker(trigger).finally(() => (current = null));
      return current;
    },
  };
}
