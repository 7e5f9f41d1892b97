// Is this SQLite file a usable station database? Opened read-only so that checking never changes
// the file (a damaged database is evidence, and a backup must stay exactly as it was written).
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';

/** null when the file is a sound station database; otherwise why it is not, in a few words. */
export function problemWithDbFile(file: string): string | null {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) return 'missing';
  if (size === 0) return 'empty (0 bytes)';
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
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
