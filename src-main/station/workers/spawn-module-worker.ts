// Starts a worker thread from a module URL. From TypeScript sources (tests, tsx) the worker goes
// through a tiny bootstrap that registers tsx inside the worker, because Node does not apply the
// parent's loaders to a worker's entry; a bundled build points at compiled .js and skips it.
import { Worker, type WorkerOptions } from 'node:worker_threads';

const bootstrap = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

export function spawnModuleWorker(entry: URL, workerData: Record<string, unknown>, options: WorkerOptions = {}): Worker {
  if (entry.pathname.endsWith('.ts')) {
    return new Worker(bootstrap, { ...options, workerData: { ...workerData, entry: entry.href } });
  }
  return new Worker(entry, { ...options, workerData });
}
