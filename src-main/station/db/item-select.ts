// How an Item is assembled from its row, its latest prediction and its latest live decision. One
// SELECT used by every query that returns items, so "latest" and "category" mean the same thing
// on every screen.
//
// "Latest" is the highest id, not the newest created_at: ids only grow, while two rows written in
// the same millisecond (or by a clock that stepped back) would tie or reorder on time.
import { bandOf, type BandThresholds, type Guess, type Item, type KindGuess, type ReviewDecision } from '../../../src-shared/domain.ts';
import { bandWithExpectation, type ExpectedMatch, type Grade } from '../../../src-shared/receiving.ts';
import { bandWithHold, type HeldFor } from '../../../src-shared/audit.ts';
import type { Row } from './db-context.ts';

export const ITEM_SELECT = /* sql */ `
SELECT i.id, i.file_name, i.sha256, i.size_bytes, i.return_id, i.location, i.rel_path, i.status,
       i.error, i.received_at, i.filed_at, i.batch_run_id, i.expected_match, i.grade, i.held_for,
       i.disposition AS chosen_disposition,
       p.id AS p_id, p.model_sha256 AS p_model_sha256, p.category AS p_category,
       p.confidence AS p_confidence, p.top3 AS p_top3, p.latency_ms AS p_latency_ms,
       p.created_at AS p_created_at, p.head_id AS p_head_id, p.kind AS p_kind,
       d.id AS d_id, d.item_id AS d_item_id, d.action AS d_action, d.category AS d_category,
       d.clerk AS d_clerk, d.duration_ms AS d_duration_ms, d.created_at AS d_created_at,
       d.undone_at AS d_undone_at,
       (SELECT r.category FROM review_decisions r
         WHERE r.item_id = i.id AND r.undone_at IS NULL AND r.action IN ('accept', 'override')
         ORDER BY r.id DESC LIMIT 1) AS decided_category
  FROM items i
  LEFT JOIN predictions p
         ON p.id = (SELECT max(id) FROM predictions WHERE item_id = i.id)
  LEFT JOIN review_decisions d
         ON d.id = (SELECT max(id) FROM review_decisions WHERE item_id = i.id AND undone_at IS NULL)
`;

export function decisionFromRow(r: Row, prefix = ''): ReviewDecision {
  return {
    id: r[`${prefix}id`] as number,
    itemId: r[`${prefix}item_id`] as number,
    action: r[`${prefix}action`] as ReviewDecision['action'],
    category: (r[`${prefix}category`] as string | null) ?? null,
    clerk: r[`${prefix}clerk`] as string,
    durationMs: r[`${prefix}duration_ms`] as number,
    createdAt: r[`${prefix}created_at`] as string,
    undoneAt: (r[`${prefix}undone_at`] as string | null) ?? null,
  };
}

export function itemFromRow(r: Row, thresholds: BandThresholds): Item {
  const prediction =
    r.p_id == null
      ? null
      : {
          category: r.p_category as string,
          confidence: r.p_confidence as number,
          top3: JSON.parse(r.p_top3 as string) as Guess[],
          modelSha256: r.p_model_sha256 as string,
          latencyMs: r.p_latency_ms as number,
          createdAt: r.p_created_at as string,
          headId: (r.p_head_id as number | null) ?? null,
          kind: r.p_kind ? (JSON.parse(r.p_kind as string) as KindGuess) : null,
        };
  // NULL in the row with a return id and a category: nobody announced that return (migration 006).
  const category = (r.decided_category as string | null) ?? (r.p_category as string | null) ?? null;
  const heldFor = (r.held_for as HeldFor | null) ?? null;
  const expectedMatch = (r.expected_match as ExpectedMatch | null) ?? (r.return_id != null && category !== null ? 'unexpected' : null);
  return {
    id: r.id as number,
    fileName: r.file_name as string,
    sha256: (r.sha256 as string | null) ?? null,
    sizeBytes: r.size_bytes as number,
    returnId: (r.return_id as string | null) ?? null,
    location: r.location as Item['location'],
    relPath: r.rel_path as string,
    status: r.status as Item['status'],
    error: (r.error as string | null) ?? null,
    receivedAt: r.received_at as string,
    filedAt: (r.filed_at as string | null) ?? null,
    batchRunId: (r.batch_run_id as number | null) ?? null,
    prediction,
    // A person's accept/override wins; an accept stored without a category defers to the model.
    category: (r.decided_category as string | null) ?? prediction?.category ?? null,
    // The mismatch rule: a photo that is not what was expected never sits in the auto-approved band;
    // nor does a held one (audit sample, drift): it waits in the medium queue.
    band: prediction ? bandWithExpectation(bandWithHold(bandOf(prediction.confidence, thresholds), heldFor), expectedMatch) : null,
    heldFor,
    lastDecision: r.d_id == null ? null : decisionFromRow(r, 'd_'),
    expectedMatch,
    grade: (r.grade as Grade | null) ?? null,
  };
}
