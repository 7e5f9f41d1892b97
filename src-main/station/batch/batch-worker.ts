// The batch's own thread: it opens its own connection to station.db (WAL lets the main thread keep
// serving the UI meanwhile), runs runBatch, and asks the main thread for classifications.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { ClassifyError } from '../classify/classify-errors.ts';
import type { ModelInfo, WireResult } from '../classify/classifier-protocol.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { fitAndRecord } from '../desk/fit-and-record.ts';
import { BatchBusyError } from './batch-lock.ts';
import type { BatchWorkerData, FromBatch, ToBatch } from './batch-protocol.ts';
import { runBatch, type BatchClassifier } from './run-batch.ts';

const data = workerData as BatchWorkerData;
const parent = parentPort!;
const post = (m: FromBatch) => parent.postMessage(m);

let nextId = 1;
const waiting = new Map<number, (reply: ToBatch) => void>();
parent.on('message', (reply: ToBatch) => {
  waiting.get(reply.id)?.(reply);
  waiting.delete(reply.id);
});
function ask(msg: { type: 'model' } | { type: 'classify'; files: string[]; hash: boolean }): Promise<ToBatch> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    post({ ...msg, id } as FromBatch);
  });
}

const classifier: BatchClassifier = {
  async ready(): Promise<ModelInfo> {
    const r = await ask({ type: 'model' });
    if (r.type !== 'model') throw new Error('unexpected reply');
    if (!r.ok)
      throw new ClassifyError(
        r.error.code === 'WORKER_FAILED' || r.error.code === 'FILE_MISSING' || r.error.code === 'FILE_TOO_LARGE'
          ? 'MODEL_INVALID'
          : r.error.code,
        r.error.message,
        r.error.file,
      );
    return r.model;
  },
  async classifyMany(files, opts): Promise<WireResult[]> {
    if (files.length === 0) return [];
    const r = await ask({ type: 'classify', files, hash: opts?.hash ?? false });
    if (r.type !== 'classified') throw new Error('unexpected reply');
    if ('error' in r) throw new Error(r.error);
    return r.results;
  },
};

const db = openStationDb(path.join(data.root, 'station.db'));
try {
  const run = await runBatch({
    root: data.root,
    db,
    classifier,
    trigger: data.trigger,
    onStarted: (run) => post({ type: 'started', run }),
    onProgress: (progress) => post({ type: 'progress', progress }),
    onAlert: (alertId) => post({ type: 'alert', alertId }),
  });
  post({ type: 'finished', run });
  // The night's outputs are written and announced; now the desk head learns from the review
  // decisions (a failure here is the fit's, not the run's).
  if (run.status !== 'failed') {
    try {
      const model = await classifier.ready();
      post({ type: 'desk-head', outcome: fitAndRecord(db, { modelSha256: model.sha256, labels: model.labels, trigger: 'nightly' }) });
    } catch (e) {
      post({
        type: 'desk-head',
        outcome: { head: null, problem: `The desk head fit failed: ${e instanceof Error ? e.message : String(e)}` },
      });
    }
  }
} catch (e) {
  post({
    type: 'crashed',
    message: e instanceof Error ? e.message : String(e),
    name: e instanceof Error ? e.name : 'Error',
    busyPid: e instanceof BatchBusyError ? e.pid : undefined,
  });
} finally {
  db.close();
  parent.close();
}
