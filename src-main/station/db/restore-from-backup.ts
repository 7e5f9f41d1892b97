// Puts a damaged (or missing, or empty) station.db out of the way and the newest sound backup in
// its place. Nothing is deleted: the damaged file and its -wal/-shm companions are renamed to
// station.db.damaged-<stamp>, and the backup is copied, never moved.
import { constants } from 'node:fs';
import { copyFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileStamp } from '../../../src-shared/local-time.ts';

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Renames station.db (and its -wal, -shm) aside; returns the new name of the main file, or null
 * when there was no file to move. */
export async function moveDamagedAside(dbFile: string, now: Date): Promise<string | null> {
  let aside = `${dbFile}.damaged-${fileStamp(now)}`;
  for (let n = 2; (await exists(aside)) || (await exists(`${aside}-wal`)); n++) aside = `${dbFile}.damaged-${fileStamp(now)}_${n}`;
  const hadMain = await exists(dbFile);
  // Companions first: a -wal left beside a restored station.db would be replayed into it.
  for (const suffix of ['-wal', '-shm']) {
    if (await exists(dbFile + suffix)) await rename(dbFile + suffix, aside + suffix);
  }
  if (!hadMain) return null;
  await rename(dbFile, aside);
  return aside;
}

/** Copies the backup to dbFile, which must not exist (COPYFILE_EXCL). */
export async function copyBackupInto(backup: string, dbFile: string): Promise<void> {
  await copyFile(backup, dbFile, constants.COPYFILE_EXCL);
}

export const backupLabel = (file: string) => path.basename(file);
