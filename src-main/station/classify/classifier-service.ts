// The station's handle on the classifier worker: one long-lived worker thread, restarted with
// back-off if it dies, with requests that were in flight sent again once (a photo that kills the
// worker twice is reported as failed instead of looping). A model that fails verification is fatal:
// no restart loop, every request fails with that error.
import type { Worker } from 'node:worker_threads';
import { spawnModuleWorker } from '../workers/spawn-module-worker.ts';
import type { Prediction } from './classifier.ts';
import { ClassifyError } from './classify-errors.ts';
import type { ClassifierWorkerData, CloseRequest, ModelInfo, WireError, WireResult, WorkerReply } from './classifier-protocol.ts';

export interface ClassifierServiceOptions {
  modelDir: string;
  threads?: number;
  /** Photos read and decoded at once; default defaultDecodeConcurrency(). */
  decodeConcurrency?: number;
  /** First restart delay; doubles up to maxBackoffMs, resets after a minute of good health. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onRestart?: (attempt: number, reason: string) => void;
  /** Called with each worker started (logging, and tests that need to stop one). */
  onWorker?: (worker: Worker) => void;
  /** How long close() waits for the worker to finish its work and end by itself (default 10 s). */
  closeTimeoutMs?: number;
}

export interface ClassifierService {
  /** Resolves when the model is verified and loaded; rejects with the ClassifyError if it is not. */
  ready(): Promise<ModelInfo>;
  classify(file: string): Promise<Prediction>;
  /** One result per file, in order; never rejects for a bad photo. With `hash`, each result also
   * carries the file's sha256 and size (read once in the worker). */
  classifyMany(files: string[], opts?: { hash?: boolean }): Promise<WireResult[]>;
  close(): Promise<void>;
}

interface Pending {
  files: string[];
  hash: boolean;
  tries: number;
  resolve: (r: WireResult[]) => void;
  reject: (e: Error) => void;
}

export function toClassifyError(e: WireError): ClassifyError {
  const code =
    e.code === 'WORKER_FAILED' || e.code === 'FILE_MISSING' ? 'IMAGE_UNREADABLE' : e.code === 'FILE_TOO_LARGE' ? 'IMAGE_TOO_LARGE' : e.code;
  return new ClassifyError(code, e.message, e.file);
}

/** One decode per libuv thread-pool thread (sharp runs each on one; 4 unless UV_THREADPOOL_SIZE
 * says otherwise) plus two queued, so no pool thread waits while the worker's own thread hashes a
 * photo or runs the model between decodes. Fewer left cores idle on the 2-core desk PC (util ~85 %
 * with 2, ~98 % with 6 in the bench); more only hold more read buffers. */
export function defaultDecodeConcurrency(): number {
  return (Number(process.env.UV_THREADPOOL_SIZE) || 4) + 2;
}

const workerEntry = new URL('./classifier-worker.ts', import.meta.url);

/** Asks the worker to finish and end by itself; terminates it only if it has not within `timeoutMs`
 * (a photo stuck in a decode). Resolves with the exit code: 0 for a clean end. */
function stopWorker(w: Worker, timeoutMs: number): Promise<number> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => void w.terminate(), timeoutMs);
    w.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    w.postMessage({ type: 'close' } satisfies CloseRequest);
  });
}

export function startClassifierService(opts: ClassifierServiceOptions): ClassifierService {
  const data: ClassifierWorkerData = {
    modelDir: opts.modelDir,
    threads: opts.threads ?? 1,
    decodeConcurrency: opts.decodeConcurrency ?? defaultDecodeConcurrency(),
  };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let worker: Worker | null = null;
  let closed = false;
  let fatal: ClassifyError | null = null;
  let restarts = 0;
  let healthyTimer: NodeJS.Timeout | undefined;
  let model: ModelInfo | null = null;
  let readyWaiters: { resolve: (m: ModelInfo) => void; reject: (e: Error) => void }[] = [];

  const send = (id: number, p: Pending) => worker?.postMessage({ type: 'classify', id, files: p.files, hash: p.hash });

  function start() {
    const w = spawnModuleWorker(workerEntry, data as unknown as Record<string, unknown>);
    worker = w;
    opts.onWorker?.(w);
    w.on('message', (msg: WorkerReply) => {
      if (msg.type === 'ready') {
        model = msg.model;
        readyWaiters.forEach((r) => r.resolve(msg.model));
        readyWaiters = [];
        for (const [id, p] of pending) send(id, p);
        healthyTimer = setTimeout(() => (restarts = 0), 60_000);
        healthyTimer.unref();
      } else if (msg.type === 'fatal') {
        fatal = toClassifyError(msg.error);
        readyWaiters.forEach((r) => r.reject(fatal!));
        readyWaiters = [];
        for (const p of pending.values()) p.reject(fatal);
        pending.clear();
      } else if (msg.type === 'results') {
        const p = pending.get(msg.id);
        if (p) {
          pending.delete(msg.id);
          p.resolve(msg.results);
        }
      }
    });
    w.on('error', () => {}); // the exit handler decides; an error event is always followed by exit
    w.on('exit', (code) => {
      clearTimeout(healthyTimer);
      if (worker === w) worker = null;
      if (closed || fatal) return;
      model = null;
      // Requests in flight get one more try on the new worker.
      for (const [id, p] of pending) {
        if (++p.tries > 1) {
          pending.delete(id);
          p.resolve(
            p.files.map((file) => ({
              ok: false,
              error: { code: 'WORKER_FAILED', message: `Classifier stopped (exit ${code}) while reading this photo twice: ${file}`, file },
            })),
          );
        }
      }
      const delay = Math.min(opts.maxBackoffMs ?? 30_000, (opts.backoffMs ?? 250) * 2 ** restarts++);
      opts.onRestart?.(restarts, `exit code ${code}`);
      setTimeout(() => !closed && start(), delay).unref();
    });
  }

  start();

  return {
    ready() {
      if (fatal) return Promise.reject(fatal);
      if (model) return Promise.resolve(model);
      return new Promise((resolve, reject) => readyWaiters.push({ resolve, reject }));
    },
    classifyMany(files, { hash = false } = {}) {
      if (fatal) return Promise.reject(fatal);
      if (closed) return Promise.reject(new Error('classifier is closed'));
      if (files.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        const id = nextId++;
        const p: Pending = { files, hash, tries: 0, resolve, reject };
        pending.set(id, p);
        if (model) send(id, p); // otherwise sent when the worker is ready
      });
    },
    async classify(file) {
      const [r] = await this.classifyMany([file]);
      if (!r!.ok) throw toClassifyError(r!.error);
      return r!.prediction;
    },
    async close() {
      closed = true;
      clearTimeout(healthyTimer);
      for (const p of pending.values()) p.reject(new Error('classifier is closed'));
      pending.clear();
      if (worker) await stopWorker(worker, opts.closeTimeoutMs ?? 10_000);
    },
  };
}
