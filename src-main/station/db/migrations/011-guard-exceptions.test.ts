// Migration 11 on a file at version 10 holding a head with a guarded category: the head keeps its
// guard, with no exceptions; the new column takes JSON arrays only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 011: guard exceptions', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(10);
  });
  afterEach(() => v.cleanup());

  const insertHead = () =>
    v.db
      .prepare(
        `INSERT INTO desk_heads (model_sha256, created_at, trigger, classes, weights, examples, check_examples, check_accuracy,
           base_check_accuracy, check_wrong_auto, base_check_wrong_auto, accepted, auto_approves_doubted, reason, last_decision_id,
           guarded_categories)
         VALUES (?, '2025-10-13T08:00:00.000Z', 'nightly', '["Tshirts"]', x'0102', 800, 200, 0.9, 0.5, 0, 0, 1, 0, 'Used', 1000,
           '["Tshirts"]')`,
      )
      .run('c'.repeat(64)).lastInsertRowid;

  it('keeps an older head guarded as it was, with no exceptions', () => {
    const id = insertHead();
    v.db.prepare('UPDATE desk_head_in_use SET head_id = ?').run(id);
    v.migrateTo(11);
    expect(v.db.prepare('SELECT guarded_categories, guard_exceptions FROM desk_heads').get()).toEqual({
      guarded_categories: '["Tshirts"]',
      guard_exceptions: '[]',
    });
    expect(v.db.prepare('SELECT head_id FROM desk_head_in_use').get()).toEqual({ head_id: id });
  });

  it('takes JSON arrays and nothing else', () => {
    v.migrateTo(11);
    const id = insertHead();
    v.db.prepare(`UPDATE desk_heads SET guard_exceptions = '[["Tshirts","Hoodies"]]' WHERE id = ?`).run(id);
    expect(() => v.db.prepare(`UPDATE desk_heads SET guard_exceptions = 'Hoodies' WHERE id = ?`).run(id)).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => v.db.prepare(`UPDATE desk_heads SET guard_exceptions = '{}' WHERE id = ?`).run(id)).toThrow(/CHECK constraint failed/);
  });
});
