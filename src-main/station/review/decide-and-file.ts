// A review decision and the move of its filed photo are one journaled step: the decision and the
// planned move commit together, the file moves, and the transaction that records the new place
// closes the journal entry. A crash in between is finished at the next start (recoverMoves rolls
// an 'override' move forward: the decision is already on record). A move that fails takes the
// decision back, so the category and the folder never disagree.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { clashName, type Item } from '../../../src-shared/domain.ts';
import { StationRequestError, type DecisionWithItem } from '../../../src-shared/contract.ts';
import { categoryFolder, journaledMove, PhotoVanishedError } from '../filing/file-photo.ts';
import type { NewDecision } from '../db/review-queries.ts';
import type { StationDb } from '../db/station-db.ts';
import { toAbs } from '../fs/inside-folder.ts';

/** The journal's reason for a move that follows a person's decision. */
export const DECISION_MOVE_REASON = 'override';

/** freeName without awaiting: it runs inside the decision's transaction. */
function freeNameNow(dir: string, fileName: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? fileName : clashName(fileName, n);
    if (!existsSync(path.join(dir, candidate))) return candidate;
  }
}

async function changeAndFollow<T extends { item: Item }>(
  root: string,
  db: StationDb,
  change: () => T | null,
  takeBack: (r: T) => void,
): Promise<T | null> {
  const planned = db.transaction(() => {
    const r = change();
    if (!r) return null;
    const item = r.item;
    if (item.location !== 'processed' || !item.category) return { r, move: null };
    const folder = categoryFolder(item.category);
    if (item.relPath.split('/')[1] === folder) return { r, move: null };
    const toRel = `processed/${folder}/${freeNameNow(toAbs(root, `processed/${folder}`), item.fileName)}`;
    const entry = db.moves.planMove({
      itemId: item.id,
      batchRunId: item.batchRunId,
      fromRel: item.relPath,
      toRel,
      reason: DECISION_MOVE_REASON,
    });
    return { r, move: { id: entry.id, fromRel: item.relPath, toRel } };
  });
  if (!planned?.move) return planned?.r ?? null;
  const { r, move } = planned;
  try {
    await journaledMove(root, db, move.fromRel, move.toRel, move.id);
  } catch (e) {
    db.transaction(() => {
      takeBack(r);
      db.moves.completeMove(move.id);
    });
    const why =
      e instanceof PhotoVanishedError
        ? `the photo is no longer at ${move.fromRel}`
        : ((e as NodeJS.ErrnoException).code ?? (e as Error).message);
    throw new StationRequestError('CONFLICT', `The decision was not kept: the photo could not be moved to ${move.toRel} (${why}).`);
  }
  const item = db.transaction(() => {
    const moved = db.items.updateItemLocation(r.item.id, 'processed', move.toRel, 'filed', null);
    db.moves.completeMove(move.id);
    return moved;
  });
  return { ...r, item: db.items.getItem(item.id)! };
}

export async function decideAndFile(root: string, db: StationDb, input: NewDecision): Promise<DecisionWithItem> {
  const r = await changeAndFollow(
    root,
    db,
    () => db.review.addDecision(input),
    (d) => db.review.undoDecision(d.id),
  );
  return r!;
}

/** Null when there is no such decision. */
export async function undoAndFile(root: string, db: StationDb, decisionId: number): Promise<DecisionWithItem | null> {
  return changeAndFollow(
    root,
    db,
    () => db.review.undoDecision(decisionId),
    // An undo cannot itself be undone (decisions are append-only): the same decision is recorded again.
    (d) => db.review.addDecision({ itemId: d.itemId, action: d.action, category: d.category, clerk: d.clerk, durationMs: d.durationMs }),
  );
}
