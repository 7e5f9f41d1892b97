// The pieces that filing a photo shares between the batch and review decisions: the journaled
// move, folder names, error notes, the vanished-photo error.
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StationDb } from '../db/station-db.ts';
import { notThere } from '../fs/errno.ts';
import { toAbs } from '../fs/inside-folder.ts';
import { moveNoClobber } from '../fs/move-no-clobber.ts';

/** The photo was no longer where its row said when the move started (deleted or moved by hand
 * mid-batch). The journal entry is closed; the caller records the item as missing. */
export class PhotoVanishedError extends Error {
  constructor(readonly relPath: string) {
    super(`File disappeared from ${relPath} before it could be filed`);
    this.name = 'PhotoVanishedError';
  }
}

/** Moves a photo whose journal entry is planned. If the photo is gone, closes the entry and
 * throws PhotoVanishedError; any other failure is thrown as it is. With `sync: false` the caller
 * syncs both folders before it settles the entry. */
export async function journaledMove(
  root: string,
  db: StationDb,
  fromRel: string,
  toRel: string,
  entryId: number,
  opts: { sync?: boolean } = {},
): Promise<void> {
  try {
    await moveNoClobber(toAbs(root, fromRel), toAbs(root, toRel), opts);
  } catch (e) {
    if (
      notThere(e) &&
      !(await access(toAbs(root, fromRel)).then(
        () => true,
        () => false,
      ))
    ) {
      db.moves.completeMove(entryId);
      throw new PhotoVanishedError(fromRel);
    }
    throw e;
  }
}

/** Category names become folder names: keep them to characters every file system accepts. */
export function categoryFolder(category: string): string {
  return (
    category
      .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_')
      .replace(/^\.+/, '_')
      .trim() || 'Unknown'
  );
}

/** `<photo>.error.txt`: why a photo is in errors/. Written before the photo moves (recovery
 * reads the reason back from it), never over an existing file. */
export async function writeErrorNote(
  file: string,
  n: { fileName: string; reason: string; at: Date; was: string; sha256: string | null },
): Promise<void> {
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
