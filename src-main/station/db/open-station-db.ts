// Opens (creating if needed) the station's database file with the settings the desk needs, and
// brings its schema up to date. The parent folder must exist: creating it here would hide a wrong
// station root behind a fresh, empty database.
import Database from 'better-sqlite3';
import { runMigrations } from './migrations.ts';
import { StationDb } from './station-db.ts';

export interface OpenStationDbOptions {
  /** The station's clock, for every time the database stamps. Default: the system clock. */
  clock?: () => Date;
}

const BUSY_TIMEOUT_MS = 5000;

export function openStationDb(file: string, options: OpenStationDbOptions = {}): StationDb {
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // WAL: readers (the UI) never block the writer (the batch) and vice versa — the cure for the
    // old desk's "database is locked". Refuse to run without it rather than degrade silently
    // (some network file systems cannot do WAL; the station root must be local).
    const mode = String(db.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
    if (mode !== 'wal' && !(db.memory && mode === 'memory')) {
      throw new Error(`Could not switch ${file} to WAL journal mode (got "${mode}"); is the station folder on a local disk?`);
    }
    // A writer waits this long for another connection's lock before giving up.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('foreign_keys = ON');
    // FULL: a commit is on disk before it returns. The desk has lost power mid-batch; in WAL mode
    // NORMAL could lose the last commits, and the move journal must never be behind the files.
    db.pragma('synchronous = FULL');
    runMigrations(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return new StationDb(db, file, options.clock);
}
