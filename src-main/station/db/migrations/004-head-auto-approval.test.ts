// Migration 4 on a file at version 3 that already holds a head: the head is kept, as it was, and no
// longer auto-approves photos the base model doubted; the new column takes only 0 or 1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 004: head auto-approval', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(3);
  });
  afterEach(() => v.cleanup());

  const insertHead = () =>
    v.db
      .prepare(
        `INSERT INTO desk_heads (model_sha256, created_at, trigger, classes, weights, examples, check_examples, check_accuracy,
           base_check_accuracy, check_wrong_auto, base_check_wrong_auto, accepted, reason, last_decision_id)
         VALUES (?, '2025-10-13T08:00:00.000Z', 'nightly', '["Tops"]', x'0102', 80, 20, 0.9, 0.5, 0, 0, 1, 'Used', 100)`,
      )
      .run('c'.repeat(64)).lastInsertRowid;

  it('keeps an older head, in use, with auto-approval of doubted photos off', () => {
    const id = insertHead();
    v.db.prepare('UPDATE desk_head_in_use SET head_id = ?').run(id);

    v.migrateTo(4);

    expect(v.columns('desk_heads')).toContain('auto_approves_doubted');
    expect(v.db.prepare('SELECT id, reason, weights, auto_approves_doubted FROM desk_heads').get()).toEqual({
      id,
      reason: 'Used',
      weights: Buffer.from([1, 2]),
      auto_approves_doubted: 0,
    });
    expect(v.db.prepare('SELECT head_id FROM desk_head_in_use').get()).toEqual({ head_id: id });
  });

  it('takes 0 or 1 and nothing else', () => {
    v.migrateTo(4);
    const id = insertHead();
    v.db.prepare('UPDATE desk_heads SET auto_approves_doubted = 1 WHERE id = ?').run(id);
    expect(() => v.db.prepare('UPDATE desk_heads SET auto_approves_doubted = 2 WHERE id = ?').run(id)).toThrow(/CHECK constraint failed/);
  });
});
