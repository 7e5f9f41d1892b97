// Migration 8 on a file at version 7 that holds a classified photo: the photo is kept as it was (not
// held), the new tables start empty, and the audit seed is made once and kept.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openAtVersion, type VersionedDb } from './schema-at-version.ts';

describe('migration 008: audit sample and drift flags', () => {
  let v: VersionedDb;
  afterEach(() => {
    v.cleanup();
    vi.unstubAllEnvs();
  });

  const T = '2025-10-13T08:00:00.000Z';
  const addItem = (n: number) =>
    Number(
      v.db
        .prepare(
          `INSERT INTO items (file_name, sha256, size_bytes, location, rel_path, status, received_at)
           VALUES (?, ?, 10, 'incoming', ?, 'classified', ?)`,
        )
        .run(`p${n}.jpg`, String(n).repeat(64).slice(0, 64), `incoming/p${n}.jpg`, T).lastInsertRowid,
    );
  const seed = () => v.db.prepare(`SELECT value FROM settings WHERE key = 'auditSeed'`).pluck().get() as string | undefined;

  it('keeps older photos unheld, adds the tables and makes a random seed once', () => {
    vi.stubEnv('RETURNS_STATION_AUDIT_SEED', undefined); // the tests' '' (vitest.config.ts) set aside
    v = openAtVersion(7);
    const item = addItem(1);
    v.migrateTo(8);
    expect(v.db.prepare('SELECT held_for FROM items WHERE id = ?').pluck().get(item)).toBeNull();
    expect(v.names('table')).toEqual(expect.arrayContaining(['drift_flags', 'night_estimates', 'drift_checks']));
    expect(v.columns('night_estimates')).toEqual([
      'batch_run_id',
      'method',
      'all_estimate',
      'all_low',
      'all_high',
      'auto_estimate',
      'auto_low',
      'auto_high',
      'photos',
      'auto_photos',
      'created_at',
    ]);
    expect(JSON.parse(seed()!)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('takes the seed from RETURNS_STATION_AUDIT_SEED when set, and checks what it stores', () => {
    vi.stubEnv('RETURNS_STATION_AUDIT_SEED', 'fixed');
    v = openAtVersion(7);
    v.migrateTo(8);
    expect(seed()).toBe('"fixed"');
    const item = addItem(1);
    expect(() => v.db.prepare(`UPDATE items SET held_for = 'maybe' WHERE id = ?`).run(item)).toThrow(/CHECK/);
    v.db.prepare(`UPDATE items SET held_for = 'audit' WHERE id = ?`).run(item);
    const flag = (clearedBy: string | null, how: string | null) =>
      v.db
        .prepare(
          `INSERT INTO drift_flags (raised_at, cause, message, cleared_at, cleared_by, cleared_how) VALUES (?, 'darker', 'm', ?, ?, ?)`,
        )
        .run(T, clearedBy ? T : null, clearedBy, how);
    flag(null, null);
    flag('Ana', 'person');
    flag('audit', 'audit');
    expect(() => flag('Ana', 'magic')).toThrow(/CHECK/);
    expect(() => flag('Ana', null)).toThrow(/CHECK/); // cleared needs who, when and how together
    expect(() =>
      v.db.prepare(`INSERT INTO drift_checks (batch_run_id, reference, signals, created_at) VALUES (1, 'model', '{}', ?)`).run(T),
    ).toThrow(/CHECK|FOREIGN/);
  });
});
