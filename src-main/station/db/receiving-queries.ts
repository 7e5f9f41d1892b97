// Receiving's rows: announced returns and the files they came in, item conditions, saved pick
// lists, inventory exports, and what find-a-return reads back. The outbox is outbox-queries.ts.
import type { Disposition, ExpectedReturnInfo, Grade } from '../../../src-shared/receiving.ts';
import type { ExpectedReturn } from '../../../src-shared/receiving-formats.ts';
import type { DbContext, Row } from './db-context.ts';

const expectedFromRow = (r: Row): ExpectedReturnInfo => ({
  returnId: r.return_id as string,
  orderId: r.order_id as string,
  categories: JSON.parse(r.categories as string) as string[],
  itemText: r.item_text as string,
  customerRef: r.customer_ref as string,
  source: r.source as string,
  updatedAt: r.updated_at as string,
});

/** Stores announced returns; one announced again replaces the earlier row (its first time kept). */
export function upsertExpectedReturns(ctx: DbContext, rows: readonly ExpectedReturn[], source: string): void {
  const now = ctx.nowIso();
  const upsert = ctx.stmt(
    `INSERT INTO expected_returns (return_id, order_id, categories, item_text, customer_ref, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (return_id) DO UPDATE SET order_id = excluded.order_id, categories = excluded.categories,
       item_text = excluded.item_text, customer_ref = excluded.customer_ref, source = excluded.source,
       updated_at = excluded.updated_at`,
  );
  ctx.tx(() => {
    for (const r of rows) upsert.run(r.returnId, r.orderId, JSON.stringify(r.categories), r.itemText, r.customerRef, source, now, now);
  });
}

export function getExpectedReturn(ctx: DbContext, returnId: string): ExpectedReturnInfo | null {
  const r = ctx.stmt('SELECT * FROM expected_returns WHERE return_id = ?').get(returnId);
  return r ? expectedFromRow(r) : null;
}

export interface ExpectedFileRecord {
  fileName: string;
  sha256: string;
  keptAs: string;
  goodRows: number;
  badRows: number;
}

/** The record of a file with this content and name taken in before (a crash may have stopped its
 * move into done/), or null. */
export function findExpectedFile(ctx: DbContext, sha256: string, fileName: string): ExpectedFileRecord | null {
  const r = ctx
    .stmt('SELECT file_name, sha256, kept_as, good_rows, bad_rows FROM expected_files WHERE sha256 = ? AND file_name = ? ORDER BY id DESC')
    .get(sha256, fileName);
  return r
    ? {
        fileName: r.file_name as string,
        sha256: r.sha256 as string,
        keptAs: r.kept_as as string,
        goodRows: r.good_rows as number,
        badRows: r.bad_rows as number,
      }
    : null;
}

/** A file's good rows and its record in one transaction: taken in whole or not at all. */
export function takeExpectedFile(ctx: DbContext, rows: readonly ExpectedReturn[], f: ExpectedFileRecord): void {
  ctx.tx(() => {
    upsertExpectedReturns(ctx, rows, `expected/${f.fileName}`);
    ctx
      .stmt('INSERT INTO expected_files (file_name, sha256, kept_as, good_rows, bad_rows, processed_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(f.fileName, f.sha256, f.keptAs, f.goodRows, f.badRows, ctx.nowIso());
  });
}

/** Records a grade and a chosen disposition (null: the rule table's); the latest counts. */
export function addCondition(ctx: DbContext, itemId: number, grade: Grade | null, disposition: Disposition | null, clerk: string): number {
  return Number(
    ctx
      .stmt('INSERT INTO item_conditions (item_id, grade, disposition, clerk, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(itemId, grade, disposition, clerk, ctx.nowIso()).lastInsertRowid,
  );
}

/** The chosen disposition alone (Item carries the grade). */
export function chosenDisposition(ctx: DbContext, itemId: number): Disposition | null {
  return (ctx.stmt('SELECT disposition FROM items WHERE id = ?').pluck().get(itemId) as unknown as Disposition | null | undefined) ?? null;
}

/** Records a saved pick list and its items. */
export function recordPickListCopy(ctx: DbContext, relPath: string, title: string, itemIds: readonly number[]): void {
  ctx.tx(() => {
    const id = ctx
      .stmt('INSERT INTO pick_list_copies (rel_path, title, created_at) VALUES (?, ?, ?)')
      .run(relPath, title, ctx.nowIso()).lastInsertRowid;
    const line = ctx.stmt('INSERT OR IGNORE INTO pick_list_lines (item_id, pick_list_id) VALUES (?, ?)');
    for (const itemId of itemIds) line.run(itemId, id);
  });
}

export function inventoryExportOf(ctx: DbContext, batchRunId: number): { csv: string; json: string; createdAt: string } | null {
  const r = ctx.stmt('SELECT csv, json, created_at FROM inventory_exports WHERE batch_run_id = ?').get(batchRunId);
  return r ? { csv: r.csv as string, json: r.json as string, createdAt: r.created_at as string } : null;
}

export function recordInventoryExport(ctx: DbContext, batchRunId: number, csv: string, json: string, rows: number): void {
  ctx
    .stmt('INSERT INTO inventory_exports (batch_run_id, csv, json, rows, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(batchRunId, csv, json, rows, ctx.nowIso());
}

// Find a return ----------------------------------------------------------------------------------

/** Return ids whose return id or order id is `query` (an exact match answers alone) or else contains
 * it, newest first. The exact look-ups use the indexes; the partial one reads only the return-id and
 * order-id indexes, never the item rows. */
export function findReturnIds(ctx: DbContext, query: string, limit: number): { ids: string[]; truncated: boolean } {
  const q = query.trim().toUpperCase();
  const exact = ctx
    .stmt(
      `SELECT return_id FROM items WHERE return_id = ?
       UNION SELECT return_id FROM expected_returns WHERE return_id = ?
       UNION SELECT return_id FROM expected_returns WHERE order_id = ? OR order_id = ?`,
    )
    .pluck()
    .all(q, q, q, query.trim()) as unknown as string[];
  // A whole id answers its return alone: no scan of every id for parts of it.
  if (exact.length > 0) return { ids: exact.sort().reverse().slice(0, limit), truncated: exact.length > limit };
  const partial = ctx
    .stmt(
      `SELECT DISTINCT return_id FROM (
         SELECT return_id FROM items INDEXED BY items_by_return_id WHERE return_id IS NOT NULL AND instr(return_id, ?) > 0
         UNION ALL SELECT return_id FROM expected_returns WHERE instr(return_id, ?) > 0
         UNION ALL SELECT return_id FROM expected_returns INDEXED BY expected_returns_by_order WHERE instr(upper(order_id), ?) > 0)
       ORDER BY return_id DESC LIMIT ?`,
    )
    .pluck()
    .all(q, q, q, limit + 1) as unknown as string[];
  const ids = [...new Set([...exact.sort().reverse(), ...partial])];
  return { ids: ids.slice(0, limit), truncated: ids.length > limit };
}

export function itemIdsOfReturn(ctx: DbContext, returnId: string): number[] {
  return ctx.stmt('SELECT id FROM items WHERE return_id = ? ORDER BY id').pluck().all(returnId) as unknown as number[];
}

export interface ItemTrail {
  predictions: { category: string; confidence: number; headId: number | null; createdAt: string }[];
  decisions: { action: string; category: string | null; clerk: string; createdAt: string; undoneAt: string | null }[];
  conditions: { grade: Grade | null; disposition: Disposition | null; clerk: string; createdAt: string }[];
  moves: { toRel: string; reason: string; doneAt: string }[];
  pickLists: { relPath: string; createdAt: string }[];
  export: { csv: string; json: string; createdAt: string } | null;
  sent: { idempotencyKey: string; deliveredAt: string }[];
}

/** Everything on record about one item, each list oldest first: the find screen's timeline. */
export function itemTrail(ctx: DbContext, itemId: number, batchRunId: number | null): ItemTrail {
  const all = (sql: string) => ctx.stmt(sql).all(itemId);
  return {
    predictions: all('SELECT category, confidence, head_id, created_at FROM predictions WHERE item_id = ? ORDER BY id').map((r) => ({
      category: r.category as string,
      confidence: r.confidence as number,
      headId: (r.head_id as number | null) ?? null,
      createdAt: r.created_at as string,
    })),
    decisions: all('SELECT action, category, clerk, created_at, undone_at FROM review_decisions WHERE item_id = ? ORDER BY id').map(
      (r) => ({
        action: r.action as string,
        category: (r.category as string | null) ?? null,
        clerk: r.clerk as string,
        createdAt: r.created_at as string,
        undoneAt: (r.undone_at as string | null) ?? null,
      }),
    ),
    conditions: all('SELECT grade, disposition, clerk, created_at FROM item_conditions WHERE item_id = ? ORDER BY id').map((r) => ({
      grade: (r.grade as Grade | null) ?? null,
      disposition: (r.disposition as Disposition | null) ?? null,
      clerk: r.clerk as string,
      createdAt: r.created_at as string,
    })),
    moves: all(`SELECT to_rel, reason, done_at FROM move_journal WHERE item_id = ? AND state = 'done' ORDER BY id`).map((r) => ({
      toRel: r.to_rel as string,
      reason: r.reason as string,
      doneAt: r.done_at as string,
    })),
    pickLists: all(
      `SELECT c.rel_path, c.created_at FROM pick_list_lines l JOIN pick_list_copies c ON c.id = l.pick_list_id
        WHERE l.item_id = ? ORDER BY c.id`,
    ).map((r) => ({ relPath: r.rel_path as string, createdAt: r.created_at as string })),
    export: batchRunId === null ? null : inventoryExportOf(ctx, batchRunId),
    sent: all(`SELECT idempotency_key, delivered_at FROM outbox WHERE item_id = ? AND state = 'delivered' ORDER BY id`).map((r) => ({
      idempotencyKey: r.idempotency_key as string,
      deliveredAt: r.delivered_at as string,
    })),
  };
}

// History ----------------------------------------------------------------------------------------

export interface ReceivingCounts {
  expectedMatch: string | null;
  grade: Grade | null;
  disposition: Disposition | null;
  category: string | null;
  count: number;
}

/** Items received in [from, to) grouped by what the History's receiving figures need (one range
 * scan of the items_receiving index). */
export function receivingCounts(ctx: DbContext, from: string, to: string): ReceivingCounts[] {
  return ctx
    .stmt(
      `SELECT coalesce(expected_match, CASE WHEN return_id IS NOT NULL AND coalesce(reviewed_category, latest_category) IS NOT NULL
                                            THEN 'unexpected' END) AS expected_match,
              grade, disposition, coalesce(reviewed_category, latest_category) AS category, count(*) AS n
         FROM items INDEXED BY items_receiving
        WHERE received_at >= ? AND received_at < ?
        GROUP BY 1, 2, 3, 4`,
    )
    .all(from, to)
    .map((r) => ({
      expectedMatch: (r.expected_match as string | null) ?? null,
      grade: (r.grade as Grade | null) ?? null,
      disposition: (r.disposition as Disposition | null) ?? null,
      category: (r.category as string | null) ?? null,
      count: r.n as number,
    }));
}
