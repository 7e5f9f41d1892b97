import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, shaOf, type TempDb } from '../db/test-temp-db.ts';
import { seedHistory } from './seed-history.ts';

const now = new Date(2025, 9, 14, 9, 0);
const TABLES = ['batch_runs', 'items', 'predictions', 'review_decisions', 'alerts'];

let a: TempDb;
let b: TempDb;
beforeEach(() => {
  a = openTempDb();
  b = openTempDb();
});
afterEach(() => {
  a.cleanup();
  b.cleanup();
});

function dump(t: TempDb): Record<string, unknown[]> {
  const raw = new Database(t.file, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((name) => [name, raw.prepare(`SELECT * FROM ${name} ORDER BY id`).all()]));
  } finally {
    raw.close();
  }
}

describe('seedHistory', () => {
  it('is deterministic: the same options give the same rows', () => {
    const sa = seedHistory(a.db, { days: 20, perDay: 40, now, seed: 7 });
    const sb = seedHistory(b.db, { days: 20, perDay: 40, now, seed: 7 });
    expect(sa).toEqual(sb);
    expect(dump(a)).toEqual(dump(b));
    expect(sa).toMatchObject({ from: '2025-09-24', to: '2025-10-13' });
    expect(sa.items).toBeGreaterThan(20 * 40 * 0.7);
  });

  it('differs with another seed', () => {
    seedHistory(a.db, { days: 5, perDay: 40, now, seed: 1 });
    seedHistory(b.db, { days: 5, perDay: 40, now, seed: 2 });
    expect(dump(a).predictions).not.toEqual(dump(b).predictions);
  });

  it('leaves what has not happened yet undone, and writes no files', () => {
    // Seeded through "today" at 01:00: yesterday's photos wait in incoming/ for the 02:00 batch,
    // and today has none yet.
    const early = new Date(2025, 9, 14, 1, 0);
    seedHistory(a.db, { days: 3, perDay: 30, now: early, endDay: '2025-10-14' });
    const day = (d: string) => a.db.items.listItemsByDay(d, 1000);
    expect(day('2025-10-12').length).toBeGreaterThan(0);
    expect(day('2025-10-12').every((i) => i.location === 'processed' || i.location === 'errors')).toBe(true);
    expect(day('2025-10-13').length).toBeGreaterThan(0);
    expect(day('2025-10-13').every((i) => i.location === 'incoming' && i.filedAt === null && i.batchRunId === null)).toBe(true);
    expect(day('2025-10-14')).toEqual([]);
    expect(a.db.runs.listBatchRuns(10).every((r) => r.startedAt <= early.toISOString())).toBe(true);
    expect(readdirSync(a.dir).filter((f) => !f.startsWith('station.db'))).toEqual([]);
  });

  it('fills only an empty database', () => {
    a.db.items.insertItem({ fileName: 'x.jpg', sha256: shaOf('x'), sizeBytes: 1, relPath: 'incoming/x.jpg' });
    expect(() => seedHistory(a.db, { days: 2, now })).toThrow(/empty station database/);
  });
});
