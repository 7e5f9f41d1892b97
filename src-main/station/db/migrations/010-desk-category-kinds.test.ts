// Migration 10 on a file at version 9 that holds a desk category: the category stays, with no kinds;
// a kind maps to one existing desk category at most.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 010: desk category kinds', () => {
  let v: VersionedDb;
  beforeEach(() => {
    v = openAtVersion(9);
    v.db
      .prepare(`INSERT INTO desk_categories (name, created_at, created_by) VALUES ('Trousers', '2025-10-13T08:00:00.000Z', 'Asha')`)
      .run();
  });
  afterEach(() => v.cleanup());

  const map = (kind: string, category: string) =>
    v.db
      .prepare(
        `INSERT INTO desk_category_kinds (kind, category, model_sha256, created_at, created_by)
         VALUES (?, ?, ?, '2025-10-13T08:01:00.000Z', 'Asha')`,
      )
      .run(kind, category, 'c'.repeat(64));

  it('keeps the desk categories, with no kinds yet', () => {
    v.migrateTo(10);
    expect(v.db.prepare('SELECT name FROM desk_categories').all()).toEqual([{ name: 'Trousers' }]);
    expect(v.db.prepare('SELECT count(*) AS n FROM desk_category_kinds').get()).toEqual({ n: 0 });
  });

  it('maps a kind to one desk category that exists', () => {
    v.migrateTo(10);
    v.db.pragma('foreign_keys = ON');
    expect(() => map('real:pants', 'Trousers')).not.toThrow();
    expect(() => map('real:pants', 'Trousers')).toThrow(/UNIQUE constraint failed/);
    expect(() => map('Jeans', 'Denim')).toThrow(/FOREIGN KEY constraint failed/);
  });
});
