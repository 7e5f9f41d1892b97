// Migration 7 on a file at version 6 that holds a photo with a return id: the photo is kept as it
// was (no expected match until its return is announced), and from then on the triggers keep
// items.expected_match, items.grade and items.disposition with no code of their own.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 007: receiving', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(6);
  });
  afterEach(() => v.cleanup());

  const T = '2025-10-13T08:00:00.000Z';
  const addItem = (returnId: string | null, n: number) =>
    Number(
      v.db
        .prepare(
          `INSERT INTO items (file_name, sha256, size_bytes, return_id, location, rel_path, status, received_at)
           VALUES (?, ?, 10, ?, 'incoming', ?, 'classified', ?)`,
        )
        .run(`p${n}.jpg`, String(n).repeat(64).slice(0, 64), returnId, `incoming/p${n}.jpg`, T).lastInsertRowid,
    );
  const predict = (item: number, category: string, confidence = 0.95) =>
    v.db
      .prepare(
        `INSERT INTO predictions (item_id, model_sha256, category, confidence, top3, latency_ms, created_at)
         VALUES (?, ?, ?, ?, '[]', 5, ?)`,
      )
      .run(item, 'c'.repeat(64), category, confidence, T);
  const expectReturn = (returnId: string, categories: string[]) =>
    v.db
      .prepare(
        `INSERT INTO expected_returns (return_id, order_id, categories, source, created_at, updated_at) VALUES (?, 'ORD-1', ?, 'request', ?, ?)
         ON CONFLICT (return_id) DO UPDATE SET categories = excluded.categories`,
      )
      .run(returnId, JSON.stringify(categories), T, T);
  const match = (item: number) => v.db.prepare('SELECT expected_match FROM items WHERE id = ?').pluck().get(item);

  it('keeps an older photo as it was, with no expected match', () => {
    const item = addItem('RET-20251013-001', 1);
    predict(item, 'Tshirts');
    v.migrateTo(7);
    expect(v.db.prepare('SELECT return_id, latest_category, expected_match, grade, disposition FROM items').get()).toEqual({
      return_id: 'RET-20251013-001',
      latest_category: 'Tshirts',
      expected_match: null,
      grade: null,
      disposition: null,
    });
  });

  it('compares the settled category with the announced ones, whichever arrives first', () => {
    v.migrateTo(7);
    const early = addItem('RET-20251013-001', 1);
    predict(early, 'Tshirts');
    expect(match(early)).toBeNull(); // not announced: readers call it unexpected
    expectReturn('RET-20251013-001', ['Shirts', 'Tops']);
    expect(match(early)).toBe('mismatch');
    // A person's override to an expected category settles it.
    v.db
      .prepare(
        `INSERT INTO review_decisions (item_id, action, category, clerk, duration_ms, created_at) VALUES (?, 'override', 'Tops', 'Ana', 5, ?)`,
      )
      .run(early, T);
    expect(match(early)).toBe('match');

    expectReturn('RET-20251013-002', []);
    const late = addItem('RET-20251013-002', 2);
    expect(match(late)).toBeNull(); // no category yet
    predict(late, 'Heels');
    expect(match(late)).toBe('unchecked');
    const none = addItem(null, 3);
    predict(none, 'Heels');
    expect(match(none)).toBeNull();
  });

  it('keeps the latest condition on the item and every condition on record', () => {
    v.migrateTo(7);
    const item = addItem('RET-20251013-001', 1);
    const grade = v.db.prepare(`INSERT INTO item_conditions (item_id, grade, disposition, clerk, created_at) VALUES (?, ?, ?, 'Ana', ?)`);
    grade.run(item, 'Good', null, T);
    grade.run(item, 'Damaged', 'Donate', T);
    expect(v.db.prepare('SELECT grade, disposition FROM items WHERE id = ?').get(item)).toEqual({
      grade: 'Damaged',
      disposition: 'Donate',
    });
    expect(() => grade.run(item, 'Broken', null, T)).toThrow(/CHECK constraint failed/);
    expect(() => v.db.prepare('DELETE FROM item_conditions').run()).toThrow(/append-only/);
  });

  it('never lets an outbox message go', () => {
    v.migrateTo(7);
    v.db.prepare(`INSERT INTO outbox (idempotency_key, body, next_attempt_at, created_at) VALUES ('k1', '{}', ?, ?)`).run(T, T);
    expect(() => v.db.prepare('DELETE FROM outbox').run()).toThrow(/kept/);
    expect(() =>
      v.db.prepare(`INSERT INTO outbox (idempotency_key, body, next_attempt_at, created_at) VALUES ('k1', '{}', ?, ?)`).run(T, T),
    ).toThrow(/UNIQUE/);
  });
});
