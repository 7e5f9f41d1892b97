// Is this SQLite file a usable station database? Checking never changes the file: a damaged
// database is evidence, and a backup must stay exactly as it was written.
import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';

export interface CheckOptions {
  /** Check a copy read into memory (for backups: opening the file itself would leave -wal/-shm
   * files beside it). Without it the file is opened read-only where it is, with its -wal, which
   * is right for the live station.db after a crash. */
  inMemory?: boolean;
}

function openForCheck(file: string, inMemory: boolean): Database.Database {
  if (!inMemory) return new Database(file, { readonly: true, fileMustExist: true });
  const bytes = readFileSync(file);
  // A WAL-mode header (file format bytes 18-19 = 2) cannot be opened from memory; the copy is
  // marked as a rollback-journal database, which changes nothing in the pages checked.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes);
}

/** null when the file is a sound station database; otherwise why it is not, in a few words. */
export function problemWithDbFile(file: string, opts: CheckOptions = {}): string | null {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) return 'missing';
  if (size === 0) return 'empty (0 bytes)';
  let db: Database.Database | null = null;
  try {
    db = openForCheck(file, opts.inMemory ?? false);
    const rows = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check);
    if (rows.length !== 1 || rows[0] !== 'ok') return `damaged (${rows.slice(0, 3).join('; ')})`;
    // A file with a valid header but no schema holds nothing: as good as empty.
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'items'`).get() as { n: number };
    if (tables.n === 0) return 'empty (no station tables)';
    return null;
  } catch (e) {
    return `damaged (${(e as Error).message})`;
  } finally {
    db?.close();
  }
}
