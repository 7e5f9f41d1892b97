// The backups a station keeps in <root>/backups/, newest first, and the newest one that is sound.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { problemWithDbFile } from './check-db-file.ts';

export const BACKUP_NAME = /^station_\d{8}_\d{6}\.db$/;

/** Full paths of station_YYYYMMDD_HHMMSS.db files, newest first (the stamp sorts by age). */
export function listBackups(backupsDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(backupsDir);
  } catch {
    return [];
  }
  return names
    .filter((n) => BACKUP_NAME.test(n))
    .sort()
    .reverse()
    .map((n) => path.join(backupsDir, n));
}

/** The newest backup that passes the check, with the ones skipped on the way and why. */
export function newestGoodBackup(backupsDir: string): { file: string | null; skipped: { file: string; problem: string }[] } {
  const skipped: { file: string; problem: string }[] = [];
  for (const file of listBackups(backupsDir)) {
    const problem = problemWithDbFile(file, { inMemory: true });
    if (!problem) return { file, skipped };
    skipped.push({ file, problem });
  }
  return { file: null, skipped };
}
