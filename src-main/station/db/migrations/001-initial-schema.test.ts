// Migration 1 on an empty file (version 0): the tables, and the rules the schema itself enforces.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 001: initial schema', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(0);
    v.migrateTo(1);
  });
  afterEach(() => v.cleanup());

  const now = '2025-10-13T08:00:00.000Z';
  const item = (name: string, relPath = `incoming/${name}`) =>
    v.db
      .prepare(`INSERT INTO items (file_name, sha256, size_bytes, location, rel_path, received_at) VALUES (?, ?, 1, 'incoming', ?, ?)`)
      .run(name, null, relPath, now).lastInsertRowid as number;

  it('creates the station tables, empty', () => {
    expect(v.names('table')).toEqual([
      'alerts',
      'batch_runs',
      'items',
      'move_journal',
      'predictions',
      'review_decisions',
      'settings',
      'warehouse_locations',
    ]);
    expect(v.db.prepare('SELECT count(*) AS n FROM items').get()).toEqual({ n: 0 });
  });

  it('keeps predictions append-only', () => {
    const id = item('a.jpg');
    v.db
      .prepare(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at) VALUES (?, ?, 'Tops', 0.5, '[]', 1, ?)`,
      )
      .run(id, 'c'.repeat(64), now);
    expect(() => v.db.prepare(`UPDATE predictions SET category = 'Shirts'`).run()).toThrow(/append-only/);
    expect(() => v.db.prepare('DELETE FROM predictions').run()).toThrow(/append-only/);
  });

  it('lets undo stamp a decision once and nothing else change', () => {
    const id = item('a.jpg');
    v.db
      .prepare(`INSERT INTO review_decisions (item_id, action, clerk, duration_ms, created_at) VALUES (?, 'accept', 'Ana', 1, ?)`)
      .run(id, now);
    v.db.prepare('UPDATE review_decisions SET undone_at = ?').run(now);
    expect(() => v.db.prepare('UPDATE review_decisions SET undone_at = ?').run(now)).toThrow(/append-only/);
    expect(() => v.db.prepare(`UPDATE review_decisions SET clerk = 'Bo'`).run()).toThrow(/append-only/);
  });

  it('refuses paths that could leave the station folder and unknown locations', () => {
    expect(() => item('a.jpg', '/etc/a.jpg')).toThrow(/CHECK/);
    expect(() => item('a.jpg', 'incoming\\a.jpg')).toThrow(/CHECK/);
    expect(() =>
      v.db
        .prepare(
          `INSERT INTO items (file_name, size_bytes, location, rel_path, received_at) VALUES ('b.jpg', 1, 'attic', 'attic/b.jpg', ?)`,
        )
        .run(now),
    ).toThrow(/CHECK/);
  });
});
