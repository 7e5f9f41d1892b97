// "No batch for too long": raised at a schedule wake-up when the last finished batch is too old,
// once (while one such alert is open, no second one).
import type { StationDb } from '../db/station-db.ts';
import { noBatchAlert } from './alert-rules.ts';

/** Stores the alert if one is due, then passes its (committed) id to `raise`. */
export function raiseNoBatchAlert(db: StationDb, now: Date, raise: (alertId: number) => void): void {
  const draft = noBatchAlert(db.runs.lastFinishedBatchRun()?.finishedAt ?? null, now);
  if (!draft) return;
  if (db.alerts.listAlerts(false).some((a) => a.rule === 'no-batch')) return;
  raise(db.alerts.insertAlert({ ...draft, batchRunId: null }).id);
}
