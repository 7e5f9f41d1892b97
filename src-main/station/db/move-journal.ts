// The move journal: every file move is written as 'planned' BEFORE the rename and marked 'done'
// after it. After a crash, pendingMoves() lists exactly the renames that may be half-way; the
// recovery logic (elsewhere) looks at the disk and finishes or re-does each one. Write the item's
// new location and completeMove() in one transaction, so "done" always matches the items row.
import type { DbContext, Row } from './db-context.ts';
import { assertRelPath } from './item-queries.ts';

export interface PlannedMove {
  itemId?: number | null;
  batchRunId?: number | null;
  fromRel: string;
  toRel: string;
  /** Why the file moves: 'file', 'quarantine', 'override', 'recover' … kept as free text. */
  reason: string;
}

export interface MoveJournalEntry {
  id: number;
  itemId: number | null;
  batchRunId: number | null;
  fromRel: string;
  toRel: string;
  reason: string;
  state: 'planned' | 'done';
  createdAt: string;
  doneAt: string | null;
}

function entryFromRow(r: Row): MoveJournalEntry {
  return {
    id: r.id as number,
    itemId: (r.item_id as number | null) ?? null,
    batchRunId: (r.batch_run_id as number | null) ?? null,
    fromRel: r.from_rel as string,
    toRel: r.to_rel as string,
    reason: r.reason as string,
    state: r.state as MoveJournalEntry['state'],
    createdAt: r.created_at as string,
    doneAt: (r.done_at as string | null) ?? null,
  };
}

export function getMove(ctx: DbContext, id: number): MoveJournalEntry | null {
  const r = ctx.stmt('SELECT * FROM move_journal WHERE id = ?').get(id);
  return r ? entryFromRow(r) : null;
}

export function planMove(ctx: DbContext, m: PlannedMove): MoveJournalEntry {
  assertRelPath(m.fromRel);
  assertRelPath(m.toRel);
  const r = ctx
    .stmt(
      `INSERT INTO move_journal (item_id, batch_run_id, from_rel, to_rel, reason, state, created_at)
       VALUES (?, ?, ?, ?, ?, 'planned', ?)`,
    )
    .run(m.itemId ?? null, m.batchRunId ?? null, m.fromRel, m.toRel, m.reason, ctx.nowIso());
  return getMove(ctx, Number(r.lastInsertRowid))!;
}

/** Marks a planned move done. Idempotent: recovery may complete a move the crashed run already
 * completed; the first done_at is kept. */
export function completeMove(ctx: DbContext, id: number): MoveJournalEntry {
  ctx.stmt(`UPDATE move_journal SET state = 'done', done_at = ? WHERE id = ? AND state = 'planned'`).run(ctx.nowIso(), id);
  const m = getMove(ctx, id);
  if (!m) throw new Error(`No move ${id} in the journal`);
  return m;
}

/** Every move a batch run journaled, planned or done, in the order they were planned. */
export function movesForRun(ctx: DbContext, batchRunId: number): MoveJournalEntry[] {
  return ctx.stmt('SELECT * FROM move_journal WHERE batch_run_id = ? ORDER BY id').all(batchRunId).map(entryFromRow);
}

/** Moves planned but not known to be done, oldest first (replay in the order they were planned). */
export function pendingMoves(ctx: DbContext): MoveJournalEntry[] {
  return ctx.stmt(`SELECT * FROM move_journal WHERE state = 'planned' ORDER BY id`).all().map(entryFromRow);
}
