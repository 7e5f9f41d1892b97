// A symbolic link in incoming/ is not a photo: it may point anywhere on the machine, and following
// it would thumbnail, serve and file whatever it names. Such an entry is checked with lstat (never
// followed) and set aside in errors/ with the reason, journaled like every other move; the link
// itself is moved, its target is never touched.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { StationDb } from '../db/station-db.ts';
import { writeErrorNote } from '../filing/file-photo.ts';
import { freeName } from '../fs/free-name.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { moveNoClobber } from '../fs/move-no-clobber.ts';

export const SYMLINK_REASON = 'Symbolic link refused: the station takes only real photo files, and never follows a link out of its folder';

export async function isSymlink(abs: string): Promise<boolean> {
  return lstat(abs).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
}

/** Moves the link at `rel` (in incoming/) to errors/ with a note; returns the reason. `itemId`: a
 * row recorded for it before links were refused, marked failed where the link now is. */
export async function quarantineSymlink(
  root: string,
  db: StationDb,
  rel: string,
  now: Date,
  batchRunId: number | null,
  itemId: number | null = null,
): Promise<string> {
  const fileName = path.posix.basename(rel);
  const toName = await freeName(toAbs(root, 'errors'), fileName, { withNote: true });
  const toRel = `errors/${toName}`;
  await writeErrorNote(toAbs(root, `${toRel}.error.txt`), { fileName, reason: SYMLINK_REASON, at: now, was: rel, sha256: null });
  const entry = db.moves.planMove({ itemId, batchRunId, fromRel: rel, toRel, reason: itemId === null ? SYMLINK_REASON : 'quarantine' });
  await moveNoClobber(toAbs(root, rel), toAbs(root, toRel));
  db.transaction(() => {
    if (itemId !== null) db.items.updateItemLocation(itemId, 'errors', toRel, 'failed', SYMLINK_REASON, batchRunId);
    db.moves.completeMove(entry.id);
  });
  return SYMLINK_REASON;
}
