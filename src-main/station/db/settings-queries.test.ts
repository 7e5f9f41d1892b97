import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src-shared/domain.ts';
import { openTempDb, type TempDb } from './test-temp-db.ts';

describe('settings', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('gives the defaults on a fresh database, as a copy', () => {
    const s = t.db.getSettings();
    expect(s).toEqual(DEFAULT_SETTINGS);
    s.thresholds.low = 0.1;
    s.clerks.push('Mallory');
    expect(DEFAULT_SETTINGS.thresholds.low).toBe(0.7);
    expect(DEFAULT_SETTINGS.clerks).toEqual([]);
    expect(t.db.getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('merges stored keys over the defaults, and keeps them across a reopen', () => {
    const updated = t.db.updateSettings({ batchTime: '03:30', clerks: ['Asha', 'Ben'] });
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, batchTime: '03:30', clerks: ['Asha', 'Ben'] });
    t.db.updateSettings({ thresholds: { high: 0.9, low: 0.6 } });
    t.reopen();
    expect(t.db.getSettings()).toEqual({
      ...DEFAULT_SETTINGS,
      batchTime: '03:30',
      clerks: ['Asha', 'Ben'],
      thresholds: { high: 0.9, low: 0.6 },
    });
  });

  it('keeps warehouse locations in their own table, editable through settings too', () => {
    t.db.setLocations([
      { category: 'Tshirts', section: 'A', aisle: '3' },
      { category: 'Casual Shoes', section: 'B', aisle: '7' },
    ]);
    expect(t.db.getLocations().map((l) => l.category)).toEqual(['Casual Shoes', 'Tshirts']);
    expect(t.db.getSettings().locations).toHaveLength(2);
    const s = t.db.updateSettings({ locations: [{ category: 'Handbags', section: 'C', aisle: '1' }] });
    expect(s.locations).toEqual([{ category: 'Handbags', section: 'C', aisle: '1' }]);
    expect(() =>
      t.db.setLocations([
        { category: 'Heels', section: 'D', aisle: '2' },
        { category: 'Heels', section: 'E', aisle: '9' },
      ]),
    ).toThrow(/UNIQUE/);
    expect(t.db.getLocations()).toEqual([{ category: 'Handbags', section: 'C', aisle: '1' }]); // rolled back
  });

  it('refuses invalid patches and writes nothing', () => {
    expect(() => t.db.updateSettings({ batchTime: '25:00' })).toThrow();
    expect(() => t.db.updateSettings({ thresholds: { high: 0.6, low: 0.8 } })).toThrow(/low threshold/);
    expect(() => t.db.updateSettings({ nonsense: 1 } as never)).toThrow();
    expect(t.db.getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('falls back to the default for a stored value that is no longer valid', () => {
    t.db.updateSettings({ batchTime: '04:00', pollIntervalMs: 500 });
    const raw = new Database(t.file);
    raw.prepare(`UPDATE settings SET value = '"not a time"' WHERE key = 'batchTime'`).run();
    raw.prepare(`INSERT INTO settings (key, value) VALUES ('fromTheFuture', '1')`).run();
    raw.prepare(`INSERT INTO settings (key, value) VALUES ('thresholds', '{"high":0.5,"low":0.9}')`).run();
    raw.close();
    expect(t.db.getSettings()).toEqual({ ...DEFAULT_SETTINGS, pollIntervalMs: 500 });
  });
});
