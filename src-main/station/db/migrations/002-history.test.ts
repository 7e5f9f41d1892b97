// Migration 2 on a file at version 1 that already holds history: the derived columns are filled
// for the rows on disk, the indexes exist, and the triggers keep the columns current afterwards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 002: history columns and indexes', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(1);
  });
  afterEach(() => v.cleanup());

  const now = '2025-10-13T08:00:00.000Z';
  const item = (name: string) =>
    v.db
      .prepare(`INSERT INTO items (file_name, size_bytes, location, rel_path, received_at) VALUES (?, 1, 'incoming', ?, ?)`)
      .run(name, `incoming/${name}`, now).lastInsertRowid as number;
  const predict = (itemId: number, category: string, confidence: number) =>
    v.db
      .prepare(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at) VALUES (?, ?, ?, ?, '[]', 1, ?)`,
      )
      .run(itemId, 'c'.repeat(64), category, confidence, now);
  const decide = (itemId: number, action: string, category: string | null) =>
    v.db
      .prepare(`INSERT INTO review_decisions (item_id, action, category, clerk, duration_ms, created_at) VALUES (?, ?, ?, 'Ana', 1, ?)`)
      .run(itemId, action, category, now).lastInsertRowid as number;
  const derived = (id: number) =>
    v.db
      .prepare('SELECT latest_category AS latest, latest_confidence AS confidence, reviewed_category AS reviewed FROM items WHERE id = ?')
      .get(id);

  it('fills the derived columns of the history already on disk', () => {
    const a = item('a.jpg');
    predict(a, 'Tops', 0.4);
    predict(a, 'Shirts', 0.62);
    decide(a, 'override', 'Tshirts');
    const b = item('b.jpg');
    predict(b, 'Watches', 0.97);
    const c = item('c.jpg');
    const undone = decide(c, 'accept', null);
    v.db.prepare('UPDATE review_decisions SET undone_at = ? WHERE id = ?').run(now, undone);

    v.migrateTo(2);

    expect(v.columns('items')).toEqual(expect.arrayContaining(['latest_category', 'latest_confidence', 'reviewed_category']));
    expect(derived(a)).toEqual({ latest: 'Shirts', confidence: 0.62, reviewed: 'Tshirts' });
    expect(derived(b)).toEqual({ latest: 'Watches', confidence: 0.97, reviewed: null });
    expect(derived(c)).toEqual({ latest: null, confidence: null, reviewed: null });
  });

  it('adds the history indexes and keeps the columns current from then on', () => {
    v.migrateTo(2);
    expect(v.names('index')).toEqual(
      expect.arrayContaining(['items_history', 'items_by_filed', 'batch_runs_by_started', 'alerts_by_created']),
    );

    const a = item('a.jpg');
    predict(a, 'Tops', 0.55);
    const d = decide(a, 'override', 'Shirts');
    expect(derived(a)).toEqual({ latest: 'Tops', confidence: 0.55, reviewed: 'Shirts' });
    v.db.prepare('UPDATE review_decisions SET undone_at = ? WHERE id = ?').run(now, d);
    expect(derived(a)).toEqual({ latest: 'Tops', confidence: 0.55, reviewed: null });
  });
});
