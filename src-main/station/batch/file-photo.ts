// Moving one filed photo to another category folder (a reviewer's override or its undo), and the
// pieces the batch shares: folder names, error notes, the vanished-photo error. Journaled before
// the move, row updated in the transaction that closes the journal entry.
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Item } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import { freeName, moveNoClobber, toAbs } from '../intake/photo-file.ts';

/** The photo was no longer where its row said when the move started (deleted or moved by hand
 * mid-batch). The journal entry is closed; the caller records the item as missing. */
export class PhotoVanishedError extends Error {
  constructor(readonly relPath: string) {
    super(`File disappeared from ${relPath} before it could be filed`);
    this.name = 'PhotoVanishedError';
  }
}

/** Moves a photo whose journal entry is planned. If the photo is gone, closes the entry and
 * throws PhotoVanishedError; any other failure is thrown as it is. */
export async function journaledMove(root: string, db: StationDb, fromRel: string, toRel: string, entryId: number): Promise<void> {
  try {
    await moveNoClobber(toAbs(root, fromRel), toAbs(root, toRel));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !(await access(toAbs(root, fromRel)).then(() => true, () => false))) {
      db.completeMove(entryId);
      throw new PhotoVanishedError(fromRel);
    }
    throw e;
  }
}

/** Category names become folder names: keep them to characters every file system accepts. */
export function categoryFolder(category: string): string {
  return category.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').trim() || 'Unknown';
}

export async function fileToCategory(root: string, db: StationDb, item: Item, category: string, runId: number | null, reason = 'file'): Promise<Item> {
  const dirRel = `processed/${categoryFolder(category)}`;
  const name = await freeName(toAbs(root, dirRel), item.fileName);
  const toRel = `${dirRel}/${name}`;
  const entry = db.planMove({ itemId: item.id, batchRunId: runId, fromRel: item.relPath, toRel, reason });
  await journaledMove(root, db, item.relPath, toRel, entry.id);
  return db.transaction(() => {
    const updated = db.updateItemLocation(item.id, 'processed', toRel, 'filed', null, runId);
    db.completeMove(entry.id);
    return updated;
  });
}

/** `<photo>.error.txt`: why a photo is in errors/. Written before the photo moves (recovery
 * reads the reason back from it), never over an existing file. */
export async function writeErrorNote(file: string, n: { fileName: string; reason: string; at: Date; was: string; sha256: string | null }): Promise<void> {
  const text = [
    `File: ${n.fileName}`,
    `Reason: ${n.reason.replace(/\s+/g, ' ')}`,
    `Time: ${n.at.toISOString()}`,
    `Was: ${n.was}`,
    `SHA-256: ${n.sha256 ?? '(file could not be read)'}`,
    '',
  ].join('\n');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text, { flag: 'wx' });
}
