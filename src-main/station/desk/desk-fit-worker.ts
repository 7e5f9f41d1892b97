// "Retrain now" in its own thread: a fit of 20,000 examples takes seconds, which the main thread
// (serving the UI and intake) must not spend. Opens its own connection, fits, records, answers.
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { openStationDb } from '../db/open-station-db.ts';
import { fitAndRecord, type FitOutcome, type FitRequest } from './fit-and-record.ts';

export type DeskFitWorkerData = FitRequest & { root: string };
export type DeskFitReply = { ok: true; outcome: FitOutcome } | { ok: false; message: string };

const data = workerData as DeskFitWorkerData;
const db = openStationDb(path.join(data.root, 'station.db'));
try {
  parentPort!.postMessage({ ok: true, outcome: fitAndRecord(db, data) } satisfies DeskFitReply);
} catch (e) {
  parentPort!.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) } satisfies DeskFitReply);
} finally {
  db.close();
}
