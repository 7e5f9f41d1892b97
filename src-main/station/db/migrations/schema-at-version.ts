// Test support: a real SQLite file brought to one schema version, so each migration's test starts
// from exactly the schema the migration before it leaves.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS, readUserVersion, runMigrations } from '../migrations.ts';

export interface VersionedDb {
  db: Database.Database;
  /** Runs the migrations up to and including `version`. */
  migrateTo(version: number): void;
  names(type: 'table' | 'index' | 'trigger'): string[];
  columns(table: string): string[];
  cleanup(): void;
}

export function openAtVersion(version: number): VersionedDb {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-migration-'));
  const db = new Database(path.join(dir, 'station.db'));
  const migrateTo = (v: number) => {
    runMigrations(db, MIGRATIONS.slice(0, v));
    if (readUserVersion(db) !== v) throw new Error(`expected version ${v}, found ${readUserVersion(db)}`);
  };
  migrateTo(version);
  return {
    db,
    migrateTo,
    names: (type) =>
      (
        db.prepare(`SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name`).all(type) as {
          name: string;
        }[]
      ).map((r) => r.name),
    columns: (table) => (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name),
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
