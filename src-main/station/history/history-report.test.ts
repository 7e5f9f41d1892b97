// History against a seeded year (~110,000 items), every figure checked against direct SQL over
// the base tables (predictions and decisions, not the derived columns the History query reads).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryDay, HistoryReport } from '../../../src-shared/history-types.ts';
import { openStationDb } from '../db/open-station-db.ts';
import type { StationDb } from '../db/station-db.ts';
import { localDayRange } from '../db/time-values.ts';
import { writeSettings } from '../db/stored-settings.ts';
import { buildHistoryReport } from './history-report.ts';
import { seedHistory, type SeedHistorySummary } from './seed-history.ts';

let dir: string;
let db: StationDb;
let raw: Database.Database;
let seeded: SeedHistorySummary;
let year: HistoryReport;
const now = new Date(2025, 9, 14, 9, 0); // local 2025-10-14 09:00

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rs-history-'));
  db = openStationDb(path.join(dir, 'station.db'), { clock: () => now });
  seeded = seedHistory(db, { now });
  raw = new Database(path.join(dir, 'station.db'), { readonly: true });
  year = buildHistoryReport(db, seeded.from, seeded.to);
});
afterAll(() => {
  raw?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const LATEST_P = `(SELECT max(id) FROM predictions WHERE item_id = i.id)`;
const REVIEWED = `(SELECT r.category FROM review_decisions r WHERE r.item_id = i.id AND r.undone_at IS NULL
                    AND r.action IN ('accept', 'override') ORDER BY r.id DESC LIMIT 1)`;

/** One day's (or a range's) figures the slow, obvious way. */
function direct(
  fromDay: string,
  toDay: string,
  t = { high: 0.85, low: 0.7 },
): Omit<HistoryDay, 'day' | 'successRate' | 'reviewRate' | 'overrideRate'> {
  const from = localDayRange(fromDay).from;
  const to = localDayRange(toDay).to;
  const rows = raw
    .prepare(
      `SELECT i.status, p.category AS pcat, p.confidence AS conf, ${REVIEWED} AS rcat
         FROM items i LEFT JOIN predictions p ON p.id = ${LATEST_P}
        WHERE i.received_at >= ? AND i.received_at < ?`,
    )
    .all(from, to) as { status: string; pcat: string | null; conf: number | null; rcat: string | null }[];
  const categories: Record<string, number> = {};
  const bands = { high: 0, medium: 0, low: 0 };
  for (const r of rows) {
    const c = r.rcat ?? r.pcat;
    if (c) categories[c] = (categories[c] ?? 0) + 1;
    if (r.conf !== null) bands[r.conf >= t.high ? 'high' : r.conf < t.low ? 'low' : 'medium']++;
  }
  const alerts = { critical: 0, error: 0, warning: 0, info: 0 };
  for (const a of raw
    .prepare('SELECT severity, count(*) AS n FROM alerts WHERE created_at >= ? AND created_at < ? GROUP BY severity')
    .all(from, to) as {
    severity: keyof typeof alerts;
    n: number;
  }[])
    alerts[a.severity] = a.n;
  return {
    received: rows.length,
    classified: rows.filter((r) => r.conf !== null).length,
    filed: rows.filter((r) => r.status === 'filed').length,
    failed: rows.filter((r) => r.status === 'failed').length,
    categories,
    bands,
    reviewed: rows.filter((r) => r.rcat !== null).length,
    overridden: rows.filter((r) => r.rcat !== null && r.rcat !== r.pcat).length,
    alerts,
  };
}

const pick = ({ day: _d, successRate: _s, reviewRate: _r, overrideRate: _o, ...rest }: HistoryDay) => rest;

describe('history over a seeded year', () => {
  it('has a year of realistic data', () => {
    expect(seeded.items).toBeGreaterThan(100_000);
    expect(seeded.items).toBeLessThan(120_000);
    expect(year.days).toHaveLength(365);
    expect(year.days[0]!.day).toBe(seeded.from);
    expect(year.days.at(-1)!.day).toBe('2025-10-13');
    expect(year.runs.length).toBeGreaterThanOrEqual(365);
    expect(year.totals.bands.low).toBeGreaterThan(0);
    expect(year.totals.overridden).toBeGreaterThan(0);
    expect(year.totals.alerts.warning + year.totals.alerts.error + year.totals.alerts.critical).toBeGreaterThan(0);
  });

  it('matches direct SQL for single days', () => {
    // First, last, a Monday and a Sunday, the autumn and spring clock changes (in zones that have them).
    const busiest = [...year.days].sort((a, b) => b.alerts.warning + b.alerts.error - (a.alerts.warning + a.alerts.error))[0]!.day;
    for (const day of [seeded.from, '2025-10-13', '2025-06-02', '2025-06-08', '2024-10-27', '2025-03-30', busiest]) {
      const row = year.days.find((d) => d.day === day)!;
      expect(pick(row), day).toEqual(direct(day, day));
      expect(row.successRate, day).toBe(Math.round((row.filed / (row.filed + row.failed)) * 10_000) / 100);
      expect(row.overrideRate, day).toBe(row.reviewed ? Math.round((row.overridden / row.reviewed) * 10_000) / 100 : null);
    }
  });

  it('matches direct SQL for the totals, and the day rows add up to them', () => {
    const { successRate: _s, reviewRate: _r, overrideRate: _o, ...totals } = year.totals;
    expect(totals).toEqual(direct(seeded.from, seeded.to));
    const sum = (k: 'received' | 'filed' | 'reviewed' | 'overridden') => year.days.reduce((s, d) => s + d[k], 0);
    expect([sum('received'), sum('filed'), sum('reviewed'), sum('overridden')]).toEqual([
      totals.received,
      totals.filed,
      totals.reviewed,
      totals.overridden,
    ]);
    expect(year.totals.reviewRate).toBe(Math.round((totals.reviewed / totals.classified) * 10_000) / 100);
  });

  it('lists the runs started in the range with their figures', () => {
    const from = localDayRange(seeded.from).from;
    const to = localDayRange(seeded.to).to;
    const expected = raw
      .prepare(
        `SELECT id, timestamp, started_at AS startedAt, "trigger", status, duration_seconds AS durationSeconds, total_images AS total,
                successful, failed, low_confidence AS lowConfidence, success_rate AS successRate
           FROM batch_runs WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id`,
      )
      .all(from, to);
    expect(year.runs).toEqual(expected);
    expect(year.runs.some((r) => r.status === 'completed_with_errors')).toBe(true);
  });

  it('fills days without data with zero rows and no rates', () => {
    const r = buildHistoryReport(db, '2025-10-12', '2025-10-20');
    expect(r.days.map((d) => d.day)).toEqual([
      '2025-10-12',
      '2025-10-13',
      '2025-10-14',
      '2025-10-15',
      '2025-10-16',
      '2025-10-17',
      '2025-10-18',
      '2025-10-19',
      '2025-10-20',
    ]);
    expect(r.days.at(-1)).toEqual({
      day: '2025-10-20',
      received: 0,
      classified: 0,
      filed: 0,
      failed: 0,
      successRate: null,
      categories: {},
      bands: { high: 0, medium: 0, low: 0 },
      reviewed: 0,
      overridden: 0,
      reviewRate: null,
      overrideRate: null,
      alerts: { critical: 0, error: 0, warning: 0, info: 0 },
    });
  });

  it('bands by the thresholds in the settings at the time of the request', () => {
    const day = '2025-05-14';
    const before = year.days.find((d) => d.day === day)!;
    writeSettings(db, { thresholds: { high: 0.95, low: 0.8 } });
    try {
      const after = buildHistoryReport(db, day, day);
      expect(after.thresholds).toEqual({ high: 0.95, low: 0.8 });
      expect(after.days[0]!.bands).toEqual(direct(day, day, { high: 0.95, low: 0.8 }).bands);
      expect(after.days[0]!.bands.low).toBeGreaterThan(before.bands.low);
    } finally {
      writeSettings(db, { thresholds: { high: 0.85, low: 0.7 } });
    }
  });
});
