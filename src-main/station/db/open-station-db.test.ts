import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SchemaTooNewError } from './db-errors.ts';
import { SCHEMA_VERSION } from './migrations.ts';
import { openStationDb } from './open-station-db.ts';
import { openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

const TABLES = [
  'alerts',
  'batch_runs',
  'desk_categories',
  'desk_category_kinds',
  'desk_head_in_use',
  'desk_heads',
  'drift_checks',
  'drift_flags',
  'drift_references',
  'expected_files',
  'expected_returns',
  'inventory_exports',
  'item_conditions',
  'items',
  'move_journal',
  'night_estimates',
  'outbox',
  'pick_list_copies',
  'pick_list_lines',
  'predictions',
  'review_decisions',
  'settings',
  'warehouse_locations',
];

/** The station's own tables (SQLite's statistics tables from PRAGMA optimize left out). */
function tableNames(file: string): string[] {
  const raw = new Database(file, { readonly: true });
  try {
    return (
      raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name`).all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } finally {
    raw.close();
  }
}

describe('openStationDb', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('opens in WAL with foreign keys, a 5 s busy timeout and synchronous FULL, at the latest schema', () => {
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
    expect(t.db.pragmas()).toEqual({
      journalMode: 'wal',
      foreignKeys: true,
      busyTimeoutMs: 5000,
      synchronous: 2,
      userVersion: SCHEMA_VERSION,
    });
    expect(tableNames(t.file)).toEqual(TABLES);
    expect(existsSync(`${t.file}-wal`)).toBe(true);
  });

  it('is idempotent on reopen: same version, same tables, data kept', () => {
    const item = t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 10, relPath: 'incoming/a.jpg' });
    t.reopen();
    t.reopen();
    expect(t.db.pragmas().userVersion).toBe(SCHEMA_VERSION);
    expect(tableNames(t.file)).toEqual(TABLES);
    expect(t.db.items.getItem(item.id)?.sha256).toBe(shaOf(1));
  });

  it('refuses a database written by a newer app, clearly, and leaves it untouched', () => {
    t.db.close();
    const raw = new Database(t.file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();

    let error: unknown;
    try {
      openStationDb(t.file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect((error as SchemaTooNewError).found).toBe(SCHEMA_VERSION + 5);
    expect((error as SchemaTooNewError).supported).toBe(SCHEMA_VERSION);
    expect((error as Error).message).toMatch(/newer version of the app/);
    expect((error as Error).message).toContain(t.file);

    const check = new Database(t.file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    check.close();
    // Let cleanup() close something that is open.
    const fixed = new Database(t.file);
    fixed.pragma(`user_version = ${SCHEMA_VERSION}`);
    fixed.close();
    t.reopen();
  });

  it('enforces foreign keys', () => {
    expect(() => t.db.items.addPrediction(999, { category: 'Tshirts', confidence: 0.9, top3: [], modelSha256: 'm', latencyMs: 1 })).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('lets a second connection read while a write transaction is open (WAL)', () => {
    t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 10, relPath: 'incoming/a.jpg' });
    const reader = new Database(t.file, { readonly: true });
    try {
      t.db.transaction(() => {
        t.db.items.insertItem({ fileName: 'b.jpg', sha256: shaOf(2), sizeBytes: 10, relPath: 'incoming/b.jpg' });
        // The reader sees the last commit, not the open transaction, and is not blocked.
        expect(reader.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 1 });
      });
      expect(reader.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 2 });
    } finally {
      reader.close();
    }
  });

  it('takes the write lock when a transaction() begins, so another writer cannot slip in after its read', () => {
    t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 10, relPath: 'incoming/a.jpg' });
    // Another connection (the batch worker's, say), told not to wait for the lock.
    const other = new Database(t.file, { timeout: 0 });
    try {
      t.db.transaction(() => {
        expect(t.db.items.getItemBySha256(shaOf(1))).not.toBeNull();
        // A deferred transaction would let this commit, and then fail its own write below at once
        // ("database is locked": its read snapshot is stale); an immediate one holds the lock.
        expect(() => other.prepare(`UPDATE items SET size_bytes = 11`).run()).toThrow(/database is locked/);
        t.db.items.insertItem({ fileName: 'b.jpg', sha256: shaOf(2), sizeBytes: 10, relPath: 'incoming/b.jpg' });
      });
      expect(t.db.items.getItemBySha256(shaOf(2))).not.toBeNull();
    } finally {
      other.close();
    }
  });

  it('rolls back the whole transaction() when fn throws', () => {
    expect(() =>
      t.db.transaction(() => {
        t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 10, relPath: 'incoming/a.jpg' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(t.db.items.getItemBySha256(shaOf(1))).toBeNull();
  });

  it('reports integrity_check "ok" for a sound file', () => {
    t.db.items.insertItem({ fileName: 'a.jpg', sha256: shaOf(1), sizeBytes: 10, relPath: 'incoming/a.jpg' });
    expect(t.db.integrityCheck()).toEqual(['ok']);
  });

  it('close() is safe to call twice', () => {
    t.db.close();
    expect(t.db.isOpen).toBe(false);
    expect(() => t.db.close()).not.toThrow();
    t.reopen();
  });
});

describe('openStationDb without a folder', () => {
  it('does not create a missing station folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'station-db-'));
    try {
      expect(() => openStationDb(path.join(dir, 'nope', 'station.db'))).toThrow();
      expect(existsSync(path.join(dir, 'nope'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
