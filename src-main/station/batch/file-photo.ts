// Moving one photo to its place: processed/<Category>/ or errors/ (with <name>.error.txt saying
// why). Journaled before the move, row updated in the transaction that closes the journal entry.
import { access, mkdir, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { clashName, type Item } from '../../../src-shared/domain.ts';
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

async function journaledMove(root: string, db: StationDb, fromRel: string, toRel: string, entryId: number): Promise<void> {
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

/** A photo to quarantine: an item, or a file that has no item of its own (a duplicate's second
 * copy, a file that could not be read). */
export interface PhotoRef {
  relPath: string;
  fileName: string;
  sha256: string | null;
  itemId: number | null;
}

/** Moves a photo to errors/ next to a `<name>.error.txt` that says why. Returns its new relative
 * path. For a file without an item the journal entry keeps the reason (the run's report reads it). */
export async function quarantineFile(root: string, db: StationDb, ref: PhotoRef, reason: string, runId: number | null, at: Date): Promise<string> {
  const dir = toAbs(root, 'errors');
  await mkdir(dir, { recursive: true });
  const name = await freePair(dir, ref.fileName);
  const oneLine = reason.replace(/\s+/g, ' ');
  await writeErrorNote(path.join(dir, `${name}.error.txt`), { fileName: ref.fileName, reason, at, was: ref.relPath, sha256: ref.sha256 });
  const toRel = `errors/${name}`;
  const entry = db.planMove({ itemId: ref.itemId, batchRunId: runId, fromRel: ref.relPath, toRel, reason: ref.itemId === null ? oneLine : 'quarantine' });
  await journaledMove(root, db, ref.relPath, toRel, entry.id).catch(async (e: unknown) => {
    if (e instanceof PhotoVanishedError) await unlink(path.join(dir, `${name}.error.txt`)).catch(() => {}); // ours, about a photo that is not there
    throw e;
  });
  db.transaction(() => {
    if (ref.itemId !== null) db.updateItemLocation(ref.itemId, 'errors', toRel, 'failed', oneLine, runId);
    db.completeMove(entry.id);
  });
  return toRel;
}

export async function quarantine(root: string, db: StationDb, item: Item, reason: string, runId: number | null, at: Date): Promise<Item> {
  await quarantineFile(root, db, { relPath: item.relPath, fileName: item.fileName, sha256: item.sha256, itemId: item.id }, reason, runId, at);
  return db.getItem(item.id)!;
}

/** A name free both for the photo and for its `.error.txt`. */
async function freePair(dir: string, fileName: string): Promise<string> {
  const free = (n: string) => access(path.join(dir, n)).then(() => false, () => true);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? fileName : clashName(fileName, n);
    if ((await free(candidate)) && (await free(`${candidate}.error.txt`))) return candidate;
  }
}
