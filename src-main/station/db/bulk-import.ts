// Raw inserts with the caller's own times and states, inside one transaction: what a seeder of
// synthetic history (tests, the bench) or an import of the old desk's records needs. The everyday
// methods stamp "now" and walk an item through its states one step at a time; a year of history
// written that way would take minutes, this takes seconds.
//
// The schema's own checks (value sets, unique hashes and paths, append-only triggers, foreign
// keys) still apply to every row.
import type { Alert, BatchRun, Guess, Item, ReviewAction } from '../../../src-shared/domain.ts';
import type { DbContext } from './db-context.ts';
import { assertRelPath } from './item-queries.ts';

/** A run as stored: everything of a BatchRun but the id the database gives it. */
export type ImportedRun = Omit<BatchRun, 'id'>;

/** An item row as stored (the database gives the id; predictions and decisions come separately). */
export type ImportedItem = Pick<
  Item,
  'fileName' | 'sha256' | 'sizeBytes' | 'returnId' | 'location' | 'relPath' | 'status' | 'error' | 'receivedAt' | 'filedAt' | 'batchRunId'
> & {
  /** The prediction about to be written for it, if any: stored with the row, so the trigger that
   * keeps items.latest_* finds nothing to change (migration 2). The trigger stays the authority. */
  latest?: { category: string; confidence: number } | null;
};

export interface ImportedPrediction {
  category: string;
  confidence: number;
  top3: Guess[];
  modelSha256: string;
  latencyMs: number;
  createdAt: string;
}

export interface ImportedDecision {
  action: ReviewAction;
  category: string | null;
  clerk: string;
  durationMs: number;
  createdAt: string;
  undoneAt: string | null;
}

/** An alert as the history seeder writes it: every field of the domain Alert but its new id. */
export type ImportedAlert = Omit<Alert, 'id'>;

/** Each method inserts one row and returns its id. */
export interface BulkWriter {
  run(r: ImportedRun): number;
  item(i: ImportedItem): number;
  prediction(itemId: number, p: ImportedPrediction): number;
  decision(itemId: number, d: ImportedDecision): number;
  alert(a: ImportedAlert): number;
}

/** Runs `fill` with a writer inside one transaction: all of it lands, or none. */
export function bulkImport<T>(ctx: DbContext, fill: (w: BulkWriter) => T): T {
  const id = (r: { lastInsertRowid: number | bigint }) => Number(r.lastInsertRowid);
  const w: BulkWriter = {
    run: (r) =>
      id(
        ctx
          .stmt(
            `INSERT INTO batch_runs (timestamp, total_images, successful, failed, success_rate, duration_seconds, status,
                                     error_message, started_at, finished_at, "trigger", low_confidence, model_sha256, outputs)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            r.timestamp,
            r.totalImages,
            r.successful,
            r.failed,
            r.successRate,
            r.durationSeconds,
            r.status,
            r.errorMessage,
            r.startedAt,
            r.finishedAt,
            r.trigger,
            r.lowConfidence,
            r.modelSha256,
            r.outputs ? JSON.stringify(r.outputs) : null,
          ),
      ),
    item: (i) => {
      assertRelPath(i.relPath);
      return id(
        ctx
          .stmt(
            `INSERT INTO items (file_name, sha256, size_bytes, return_id, location, rel_path, status, error, received_at, filed_at, batch_run_id,
                                latest_category, latest_confidence)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            i.fileName,
            i.sha256,
            i.sizeBytes,
            i.returnId,
            i.location,
            i.relPath,
            i.status,
            i.error,
            i.receivedAt,
            i.filedAt,
            i.batchRunId,
            i.latest?.category ?? null,
            i.latest?.confidence ?? null,
          ),
      );
    },
    prediction: (itemId, p) =>
      id(
        ctx
          .stmt(
            `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(itemId, p.modelSha256, p.category, p.confidence, JSON.stringify(p.top3), p.latencyMs, p.createdAt),
      ),
    decision: (itemId, d) =>
      id(
        ctx
          .stmt(
            `INSERT INTO review_decisions (item_id, action, category, clerk, duration_ms, created_at, undone_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(itemId, d.action, d.category, d.clerk, d.durationMs, d.createdAt, d.undoneAt),
      ),
    alert: (a) =>
      id(
        ctx
          .stmt(
            `INSERT INTO alerts (rule, severity, title, message, actions, batch_run_id, created_at, acknowledged_at, acknowledged_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            a.rule,
            a.severity,
            a.title,
            a.message,
            JSON.stringify(a.actions),
            a.batchRunId,
            a.createdAt,
            a.acknowledgedAt,
            a.acknowledgedBy,
          ),
      ),
  };
  return ctx.tx(() => fill(w));
}
