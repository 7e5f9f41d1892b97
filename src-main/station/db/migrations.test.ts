import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MigrationError, SchemaTooNewError } from './db-errors.ts';
import { MIGRATIONS, readUserVersion, runMigrations, type Migration } from './migrations.ts';

const m1: Migration = { version: 1, name: 'one', up: (db) => db.exec('CREATE TABLE one (x)') };
const m2: Migration = { version: 2, name: 'two', up: (db) => db.exec('CREATE TABLE two (x)') };
const broken: Migration = {
  version: 3,
  name: 'broken',
  up: (db) => {
    db.exec('CREATE TABLE three (x)');
    throw new Error('half-way');
  },
};

describe('runMigrations', () => {
  let dir: string;
  let db: Database.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'station-mig-'));
    db = new Database(path.join(dir, 'm.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const tables = () =>
    (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

  it('runs each migration once and bumps user_version to its number', () => {
    expect(runMigrations(db, [m1])).toEqual({ from: 0, to: 1 });
    expect(readUserVersion(db)).toBe(1);
    expect(runMigrations(db, [m1, m2])).toEqual({ from: 1, to: 2 });
    expect(runMigrations(db, [m1, m2])).toEqual({ from: 2, to: 2 });
    expect(tables()).toEqual(['one', 'two']);
  });

  it('rolls a failing migration back completely, version included', () => {
    expect(() => runMigrations(db, [m1, m2, broken])).toThrow(MigrationError);
    expect(readUserVersion(db)).toBe(2);
    expect(tables()).toEqual(['one', 'two']);
    try {
      runMigrations(db, [m1, m2, broken]);
    } catch (e) {
      expect((e as MigrationError).message).toMatch(/migration 3 \(broken\) failed; the database stays at version 2: half-way/);
    }
  });

  it('refuses a database newer than the list', () => {
    runMigrations(db, [m1, m2]);
    expect(() => runMigrations(db, [m1])).toThrow(SchemaTooNewError);
    expect(readUserVersion(db)).toBe(2);
  });

  it('refuses a list with gaps or out of order', () => {
    expect(() => runMigrations(db, [m2])).toThrow(/out of order/);
    expect(() => runMigrations(db, [m1, { ...m2, version: 3 }])).toThrow(/out of order/);
    expect(readUserVersion(db)).toBe(0);
  });

  it('the shipped list is numbered 1..n and ends at the schema version', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    runMigrations(db);
    expect(readUserVersion(db)).toBe(MIGRATIONS.length);
  });

  it('a second connection that raced the first skips what is already done', () => {
    const other = new Database(path.join(dir, 'm.db'));
    try {
      runMigrations(db, [m1]);
      // `other` read version 0 before the first finished in a real race; simulate by running it
      // now: the version is re-read under the write lock, so nothing is created twice.
      expect(() => runMigrations(other, [m1, m2])).not.toThrow();
      expect(tables()).toEqual(['one', 'two']);
    } finally {
      other.close();
    }
  });
});
