// Backups of station.db after each batch: <backupsDir>/station_<stamp>.db, the newest `keep` kept.
// Only files this module names (station_YYYYMMDD_HHMMSS.db) are ever removed; anything else a
// person puts in the folder is left alone.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { problemWithDbFile } from './check-db-file.ts';
import type { StationDb } from './station-db.ts';

const STAMP = /^\d{8}_\d{6}$/;
const BACKUP_NAME = /^station_\d{8}_\d{6}\.db$/;

export interface BackupResult {
  file: string;
  /** Older backups removed to keep the newest `keep`. */
  removed: string[];
}

export async function backupDatabase(db: StationDb, backupsDir: string, stamp: string, keep = 7): Promise<BackupResult> {
  if (!STAMP.test(stamp)) throw new Error(`Backup stamp must look like 20251013_020000, got "${stamp}"`);
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number ≥ 1, got ${keep}`);
  await mkdir(backupsDir, { recursive: true });

  // Copy under a name that does not match the backup pattern, then rename: a crash mid-copy leaves
  // a stray .partial file, never a truncated "backup" that would push a good one out of the seven.
  const file = path.join(backupsDir, `station_${stamp}.db`);
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  await db.backupTo(partial);
  // Checked before it may count: an empty or damaged copy must never push a good backup out.
  const problem = problemWithDbFile(partial, { inMemory: true });
  if (problem) {
    await rm(partial, { force: true });
    throw new Error(`The new backup is ${problem}; it was not kept and no older backup was removed.`);
  }
  await rename(partial, file);

  // The stamp sorts chronologically, so name order is age order.
  const backups = (await readdir(backupsDir)).filter((n) => BACKUP_NAME.test(n)).sort();
  const removed: string[] = [];
  for (const name of backups.slice(0, Math.max(0, backups.length - keep))) {
    const old = path.join(backupsDir, name);
    await rm(old, { force: true });
    removed.push(old);
  }
  return { file, removed };
}
