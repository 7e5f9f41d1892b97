// Desk learning's rows: the desk's own categories, the examples a head learns from (reviewed photos
// with the features their prediction stored), and the heads with the one in use.
import type { DeskHead } from '../../../src-shared/desk-learning.ts';
import type { DbContext, Row } from './db-context.ts';

export interface StoredExample {
  itemId: number;
  decisionId: number;
  label: string;
  clerk: string;
  decidedAt: string;
  features: Buffer;
  featuresScale: number;
  logits: Buffer;
  photoKind: 'studio' | 'photo';
  baseCategory: string;
  baseConfidence: number;
}

export interface NewDeskHead extends Omit<DeskHead, 'id' | 'createdAt'> {
  modelSha256: string;
  weights: Buffer;
  lastDecisionId: number;
}

/** A head as listed: its figures, without the weights (lists and History never need them). */
export interface DeskHeadRecord extends DeskHead {
  modelSha256: string;
  lastDecisionId: number;
}

export interface StoredDeskHead extends DeskHeadRecord {
  weights: Buffer;
}

export function listDeskCategories(ctx: DbContext): string[] {
  return ctx
    .stmt('SELECT name FROM desk_categories ORDER BY created_at, name')
    .all()
    .map((r) => r.name as string);
}

/** Adds a desk category, with the model's kinds it starts from (desk/desk-kinds.ts), in one
 * transaction. */
export function addDeskCategory(
  ctx: DbContext,
  name: string,
  clerk: string,
  kinds: { labels: readonly string[]; modelSha256: string } | null = null,
): void {
  ctx.tx(() => {
    const now = ctx.nowIso();
    ctx.stmt('INSERT INTO desk_categories (name, created_at, created_by) VALUES (?, ?, ?)').run(name, now, clerk);
    const add = ctx.stmt('INSERT INTO desk_category_kinds (kind, category, model_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?)');
    for (const kind of kinds?.labels ?? []) add.run(kind, name, kinds!.modelSha256, now, clerk);
  });
}

/** Every kind a desk category starts from: kind label → category. */
export function deskCategoryKinds(ctx: DbContext): Map<string, string> {
  return new Map(
    ctx
      .stmt('SELECT kind, category FROM desk_category_kinds ORDER BY kind')
      .all()
      .map((r) => [r.kind as string, r.category as string]),
  );
}

/** Every photo whose latest live decision is an accept or override, with the latest prediction of
 * `modelSha256` that stored features, in decision order. */
export function deskExamples(ctx: DbContext, modelSha256: string): StoredExample[] {
  return ctx
    .stmt(
      `SELECT i.id AS item_id, d.id AS decision_id, i.reviewed_category AS label, d.clerk, d.created_at AS decided_at,
              p.features, p.features_scale, p.logits, p.photo_kind, p.base_category, p.base_confidence
         FROM items i
         JOIN review_decisions d ON d.id = (
              SELECT max(r.id) FROM review_decisions r
               WHERE r.item_id = i.id AND r.undone_at IS NULL AND r.action IN ('accept', 'override'))
         JOIN predictions p ON p.id = (
              SELECT max(q.id) FROM predictions q
               WHERE q.item_id = i.id AND q.model_sha256 = ? AND q.features IS NOT NULL)
        WHERE i.reviewed_category IS NOT NULL
        ORDER BY d.id`,
    )
    .all(modelSha256)
    .map((r) => ({
      itemId: r.item_id as number,
      decisionId: r.decision_id as number,
      label: r.label as string,
      clerk: r.clerk as string,
      decidedAt: r.decided_at as string,
      features: r.features as Buffer,
      featuresScale: r.features_scale as number,
      logits: r.logits as Buffer,
      photoKind: r.photo_kind as 'studio' | 'photo',
      baseCategory: r.base_category as string,
      baseConfidence: r.base_confidence as number,
    }));
}

/** How many examples each label has for `modelSha256` (what deskExamples returns, counted without
 * reading the features: Settings asks on every change). */
export function deskExampleCounts(ctx: DbContext, modelSha256: string): Record<string, number> {
  const rows = ctx
    .stmt(
      `SELECT i.reviewed_category AS label, count(*) AS n
         FROM items i
        WHERE i.reviewed_category IS NOT NULL
          AND EXISTS (SELECT 1 FROM predictions q WHERE q.item_id = i.id AND q.model_sha256 = ? AND q.features IS NOT NULL)
        GROUP BY i.reviewed_category
        ORDER BY i.reviewed_category`,
    )
    .all(modelSha256);
  return Object.fromEntries(rows.map((r) => [r.label as string, r.n as number]));
}

const HEAD_COLUMNS = `id, model_sha256, created_at, trigger, classes, examples, check_examples, check_accuracy,
  base_check_accuracy, check_wrong_auto, base_check_wrong_auto, accepted, auto_approves_doubted, auto_categories, guarded_categories,
  guard_exceptions, evidence, reason, last_decision_id`;

function toHead(r: Row): DeskHeadRecord {
  return {
    id: r.id as number,
    modelSha256: r.model_sha256 as string,
    createdAt: r.created_at as string,
    trigger: r.trigger as DeskHead['trigger'],
    classes: JSON.parse(r.classes as string) as string[],
    examples: r.examples as number,
    checkExamples: r.check_examples as number,
    checkAccuracy: r.check_accuracy as number,
    baseCheckAccuracy: r.base_check_accuracy as number,
    checkWrongAuto: r.check_wrong_auto as number,
    baseCheckWrongAuto: r.base_check_wrong_auto as number,
    accepted: r.accepted === 1,
    autoApprovesDoubted: r.auto_approves_doubted === 1,
    autoCategories: JSON.parse(r.auto_categories as string) as string[],
    guarded: JSON.parse(r.guarded_categories as string) as string[],
    guardExceptions: JSON.parse(r.guard_exceptions as string) as [string, string][],
    evidence: JSON.parse(r.evidence as string) as DeskHead['evidence'],
    reason: r.reason as string,
    lastDecisionId: r.last_decision_id as number,
  };
}

/** Records a fitted head and, when it was accepted, puts it in use: one transaction, so a fit that
 * dies before this leaves no trace and the previous head in use. */
export function recordDeskHead(ctx: DbContext, h: NewDeskHead): StoredDeskHead {
  return ctx.tx(() => {
    const id = ctx
      .stmt(
        `INSERT INTO desk_heads (model_sha256, created_at, trigger, classes, weights, examples, check_examples, check_accuracy,
           base_check_accuracy, check_wrong_auto, base_check_wrong_auto, accepted, auto_approves_doubted, auto_categories,
           guarded_categories, guard_exceptions, evidence, reason, last_decision_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        h.modelSha256,
        ctx.nowIso(),
        h.trigger,
        JSON.stringify(h.classes),
        h.weights,
        h.examples,
        h.checkExamples,
        h.checkAccuracy,
        h.baseCheckAccuracy,
        h.checkWrongAuto,
        h.baseCheckWrongAuto,
        h.accepted ? 1 : 0,
        h.autoCategories.length > 0 ? 1 : 0,
        JSON.stringify(h.autoCategories),
        JSON.stringify(h.guarded),
        JSON.stringify(h.guardExceptions),
        JSON.stringify(h.evidence),
        h.reason,
        h.lastDecisionId,
      ).lastInsertRowid as number;
    if (h.accepted) useDeskHead(ctx, id);
    return getDeskHead(ctx, id)!;
  });
}

export function getDeskHead(ctx: DbContext, id: number): StoredDeskHead | null {
  const r = ctx.stmt(`SELECT ${HEAD_COLUMNS}, weights FROM desk_heads WHERE id = ?`).get(id);
  return r ? { ...toHead(r), weights: r.weights as Buffer } : null;
}

/** The heads of one model, newest first. */
export function listDeskHeads(ctx: DbContext, modelSha256: string): DeskHeadRecord[] {
  return ctx.stmt(`SELECT ${HEAD_COLUMNS} FROM desk_heads WHERE model_sha256 = ? ORDER BY id DESC`).all(modelSha256).map(toHead);
}

/** Heads fitted between two instants (ISO, from inclusive, to exclusive), oldest first. */
export function deskHeadsBetween(ctx: DbContext, fromIso: string, toIso: string): DeskHeadRecord[] {
  return ctx
    .stmt(`SELECT ${HEAD_COLUMNS} FROM desk_heads WHERE created_at >= ? AND created_at < ? ORDER BY id`)
    .all(fromIso, toIso)
    .map(toHead);
}

export function deskHeadInUse(ctx: DbContext): number | null {
  return (ctx.stmt('SELECT head_id FROM desk_head_in_use WHERE one = 1').get()?.head_id as number | null) ?? null;
}

/** Puts an accepted head in use, or the base model alone (null); the schema refuses a refused head. */
export function useDeskHead(ctx: DbContext, headId: number | null): void {
  ctx.stmt('UPDATE desk_head_in_use SET head_id = ?, chosen_at = ? WHERE one = 1').run(headId, ctx.nowIso());
}
