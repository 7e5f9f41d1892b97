// Migration 6 on a file at version 5 holding a head that auto-approved doubted photos under the older
// rule: the head is kept, in use, earning nothing under the new one until its next fit; the new
// columns take JSON arrays only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 006: earned auto-approval', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(5);
  });
  afterEach(() => v.cleanup());

  const insertHead = () =>
    v.db
      .prepare(
        `INSERT INTO desk_heads (model_sha256, created_at, trigger, classes, weights, examples, check_examples, check_accuracy,
           base_check_accuracy, check_wrong_auto, base_check_wrong_auto, accepted, auto_approves_doubted, reason, last_decision_id)
         VALUES (?, '2025-10-13T08:00:00.000Z', 'nightly', '["Tops"]', x'0102', 800, 200, 0.9, 0.5, 0, 0, 1, 1, 'Used', 1000)`,
      )
      .run('c'.repeat(64)).lastInsertRowid;

  it('keeps an older head in use, auto-approving no doubted photo until its evidence is weighed', () => {
    const id = insertHead();
    v.db.prepare('UPDATE desk_head_in_use SET head_id = ?').run(id);
    v.migrateTo(6);
    expect(
      v.db.prepare('SELECT reason, auto_approves_doubted, auto_categories, guarded_categories, evidence FROM desk_heads').get(),
    ).toEqual({
      reason: 'Used',
      auto_approves_doubted: 0,
      auto_categories: '[]',
      guarded_categories: '[]',
      evidence: '[]',
    });
    expect(v.db.prepare('SELECT head_id FROM desk_head_in_use').get()).toEqual({ head_id: id });
  });

  it('takes JSON arrays and nothing else', () => {
    v.migrateTo(6);
    const id = insertHead();
    v.db.prepare(`UPDATE desk_heads SET auto_categories = '["Tops"]' WHERE id = ?`).run(id);
    expect(() => v.db.prepare(`UPDATE desk_heads SET auto_categories = 'Tops' WHERE id = ?`).run(id)).toThrow(/CHECK constraint failed/);
    expect(() => v.db.prepare(`UPDATE desk_heads SET evidence = '{}' WHERE id = ?`).run(id)).toThrow(/CHECK constraint failed/);
  });
});
