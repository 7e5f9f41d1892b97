// Review decisions and the review queue. A decision is stored beside the prediction, never over
// it (the schema's triggers enforce that too); undo stamps undone_at and the item falls back to
// its previous live decision, or to the model's guess.
import type { DecisionWithItem } from '../../../src-shared/contract.ts';
import type { BandThresholds, Item, ReviewAction, ReviewDecision } from '../../../src-shared/domain.ts';
import type { DbContext } from './db-context.ts';
import { clearByAudit } from './drift-queries.ts';
import { getItem, latestPrediction } from './item-queries.ts';
import { ITEM_SELECT, decisionFromRow, itemFromRow } from './item-select.ts';
import { getThresholds } from './settings-queries.ts';
import { localDayRange } from './time-values.ts';

export interface NewDecision {
  itemId: number;
  action: ReviewAction;
  /** Required for 'override'. For 'accept', defaults to the latest prediction's category, so the
   * record keeps what the clerk actually saw even if the item is classified again later. */
  category?: string | null;
  clerk: string;
  durationMs: number;
}

const DECISION_COLUMNS = 'id, item_id, action, category, clerk, duration_ms, created_at, undone_at';

export function getDecision(ctx: DbContext, id: number): ReviewDecision | null {
  const r = ctx.stmt(`SELECT ${DECISION_COLUMNS} FROM review_decisions WHERE id = ?`).get(id);
  return r ? decisionFromRow(r) : null;
}

function withItem(ctx: DbContext, d: ReviewDecision, t: BandThresholds): DecisionWithItem {
  const item = getItem(ctx, d.itemId, t);
  if (!item) throw new Error(`No item ${d.itemId}`);
  return { ...d, item };
}

export function addDecision(ctx: DbContext, input: NewDecision, t?: BandThresholds): DecisionWithItem {
  if (input.action === 'override' && !input.category) throw new Error('An override needs a category.');
  return ctx.tx(() => {
    const category =
      input.action === 'accept' ? (input.category ?? latestPrediction(ctx, input.itemId)?.category ?? null) : (input.category ?? null);
    const r = ctx
      .stmt(
        `INSERT INTO review_decisions (item_id, action, category, clerk, duration_ms, created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(input.itemId, input.action, category, input.clerk, input.durationMs, ctx.nowIso());
    // A decision on a drift-held photo may be the one that lets the audit clear the open flags.
    if (ctx.stmt(`SELECT held_for FROM items WHERE id = ?`).get(input.itemId)?.held_for === 'drift') clearByAudit(ctx);
    return withItem(ctx, getDecision(ctx, Number(r.lastInsertRowid))!, t ?? getThresholds(ctx));
  });
}

/** Takes a decision back. Undoing twice keeps the first undo's time. Null when there is no such
 * decision. */
export function undoDecision(ctx: DbContext, decisionId: number, t?: BandThresholds): DecisionWithItem | null {
  return ctx.tx(() => {
    ctx.stmt('UPDATE review_decisions SET undone_at = ? WHERE id = ? AND undone_at IS NULL').run(ctx.nowIso(), decisionId);
    const d = getDecision(ctx, decisionId);
    return d ? withItem(ctx, d, t ?? getThresholds(ctx)) : null;
  });
}

/** The latest decisions, undone ones included (marked by undoneAt), newest first. */
export function recentDecisions(ctx: DbContext, limit = 10, t?: BandThresholds): DecisionWithItem[] {
  const th = t ?? getThresholds(ctx);
  return ctx
    .stmt(`SELECT ${DECISION_COLUMNS} FROM review_decisions ORDER BY id DESC LIMIT ?`)
    .all(limit)
    .map((r) => withItem(ctx, decisionFromRow(r), th));
}

/**
 * The items waiting for a person in one band (by their latest prediction), lowest confidence
 * first. Items whose latest live decision is accept or override are done and left out; deferred
 * ones come last so the clerk meets them again only after the rest. Flagged items stay in place:
 * a flag asks for a second look, it is not an answer. Failed items (no readable photo) are not
 * reviewable. `day` narrows to items received on that local day. An item that is not what was
 * expected is in the low band's queue whatever its confidence; a held one (audit, drift) in the
 * medium band's.
 */
export function reviewQueue(ctx: DbContext, band: 'low' | 'medium', t?: BandThresholds, day?: string): Item[] {
  const th = t ?? getThresholds(ctx);
  const params: unknown[] = [];
  let where = `p.id IS NOT NULL AND i.status <> 'failed'
    AND (d.id IS NULL OR d.action NOT IN ('accept', 'override'))`;
  // The same comparisons as bandOf(): low is < t.low; medium is ≥ t.low and < t.high. A photo that
  // is not what was expected is low whatever its confidence (bandWithExpectation, receiving.ts); a
  // held photo (audit sample, drift) the model would auto-approve is medium (bandWithHold, audit.ts).
  if (band === 'low') {
    where += ` AND (p.confidence < ? OR i.expected_match IS 'mismatch')`;
    params.push(th.low);
  } else {
    where += ` AND p.confidence >= ? AND (p.confidence < ? OR i.held_for IS NOT NULL) AND i.expected_match IS NOT 'mismatch'`;
    params.push(th.low, th.high);
  }
  if (day !== undefined) {
    const { from, to } = localDayRange(day);
    where += ' AND i.received_at >= ? AND i.received_at < ?';
    params.push(from, to);
  }
  return ctx
    .stmt(`${ITEM_SELECT} WHERE ${where} ORDER BY (d.action IS 'defer'), p.confidence, i.id`)
    .all(...params)
    .map((r) => itemFromRow(r, th));
}
