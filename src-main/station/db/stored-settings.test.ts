import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/domain.ts';
import { openTempDb, type TempDb } from './test-temp-db.ts';
import { readSettings, writeSettings } from './stored-settings.ts';

describe('stored settings', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('gives the defaults on a fresh database, as a copy', () => {
    const s = readSettings(t.db);
    expect(s).toEqual(DEFAULT_SETTINGS);
    s.thresholds.low = 0.1;
    s.clerks.push('Mallory');
    expect(DEFAULT_SETTINGS.thresholds.low).toBe(0.7);
    expect(DEFAULT_SETTINGS.clerks).toEqual([]);
    expect(readSettings(t.db)).toEqual(DEFAULT_SETTINGS);
  });

  it('merges stored keys over the defaults, and keeps them across a reopen', () => {
    const updated = writeSettings(t.db, { batchTime: '03:30', clerks: ['Asha', 'Ben'] });
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, batchTime: '03:30', clerks: ['Asha', 'Ben'] });
    writeSettings(t.db, { thresholds: { high: 0.9, low: 0.6 } });
    t.reopen();
    expect(readSettings(t.db)).toEqual({
      ...DEFAULT_SETTINGS,
      batchTime: '03:30',
      clerks: ['Asha', 'Ben'],
      thresholds: { high: 0.9, low: 0.6 },
    });
  });

  it('keeps warehouse locations in their own table, editable through settings too', () => {
    t.db.settings.setLocations([
      { category: 'Tshirts', section: 'A', aisle: '3' },
      { category: 'Casual Shoes', section: 'B', aisle: '7' },
    ]);
    expect(t.db.settings.getLocations().map((l) => l.category)).toEqual(['Casual Shoes', 'Tshirts']);
    expect(readSettings(t.db).locations).toHaveLength(2);
    const s = writeSettings(t.db, { locations: [{ category: 'Handbags', section: 'C', aisle: '1' }] });
    expect(s.locations).toEqual([{ category: 'Handbags', section: 'C', aisle: '1' }]);
    expect(() =>
      t.db.settings.setLocations([
        { category: 'Heels', section: 'D', aisle: '2' },
        { category: 'Heels', section: 'E', aisle: '9' },
      ]),
    ).toThrow(/UNIQUE/);
    expect(t.db.settings.getLocations()).toEqual([{ category: 'Handbags', section: 'C', aisle: '1' }]); // rolled back
  });

  it('refuses invalid patches and writes nothing', () => {
    expect(() => writeSettings(t.db, { batchTime: '25:00' })).toThrow();
    expect(() => writeSettings(t.db, { thresholds: { high: 0.6, low: 0.8 } })).toThrow(/low threshold/);
    expect(() => writeSettings(t.db, { nonsense: 1 } as never)).toThrow();
    expect(readSettings(t.db)).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to the default for a stored value that is no longer valid', () => {
    writeSettings(t.db, { batchTime: '04:00', pollIntervalMs: 500 });
    const raw = new Database(t.file);
    raw.prepare(`UPDATE settings SET value = '"not a time"' WHERE key = 'batchTime'`).run();
    raw.prepare(`INSERT INTO settings (key, value) VALUES ('fromTheFuture', '1')`).run();
    raw.prepare(`INSERT INTO settings (key, value) VALUES ('thresholds', '{"high":0.5,"low":0.9}')`).run();
    raw.close();
    expect(readSettings(t.db)).toEqual({ ...DEFAULT_SETTINGS, pollIntervalMs: 500 });
    expect(t.db.settings.getThresholds()).toEqual(DEFAULT_SETTINGS.thresholds);
  });

  it('reads thresholds in the batch worker (no zod) exactly as the settings screen does', () => {
    const cases: [string, { high: number; low: number } | null][] = [
      ['{"high":0.9,"low":0.6}', { high: 0.9, low: 0.6 }],
      ['{"high":0.9,"low":0.6,"extra":1}', { high: 0.9, low: 0.6 }],
      ['{"high":1,"low":0.5}', { high: 1, low: 0.5 }],
      ['{"high":0.5,"low":0.9}', null], // low above high
      ['{"high":1.2,"low":0.5}', null],
      ['{"high":0.9,"low":0}', null],
      ['{"high":"0.9","low":0.6}', null],
      ['{"high":0.9}', null],
      ['[0.9,0.6]', null],
      ['null', null],
    ];
    const raw = new Database(t.file);
    for (const [value, expected] of cases) {
      raw
        .prepare(`INSERT INTO settings (key, value) VALUES ('thresholds', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(value);
      const want = expected ?? DEFAULT_SETTINGS.thresholds;
      expect(t.db.settings.getThresholds(), value).toEqual(want);
      expect(readSettings(t.db).thresholds, value).toEqual(want);
    }
    raw.close();
  });
});
