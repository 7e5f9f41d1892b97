// The History screen's report: every day of a range with its figures, the batch runs and the
// alerts. The counting happens in SQL (history-queries.ts); this folds the few thousand grouped
// rows into one row per day, fills days without data with zeros and works out the rates.
import type { BandThresholds } from '../../../src-shared/domain.ts';
import type { HistoryDay, HistoryDeskHead, HistoryReceiving, HistoryReport, SeverityCounts } from '../../../src-shared/history-types.ts';
import { DEFAULT_DISPOSITION_RULES, DISPOSITIONS, GRADES, type DispositionRules } from '../../../src-shared/receiving.ts';
import type { StationDb } from '../db/station-db.ts';
import { historyReceiving } from './history-receiving.ts';
import { localDays } from '../db/time-values.ts';

/** A share in percent with two decimals; null when there is nothing to divide by (a chart shows a
 * gap, not a misleading 0 %). */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null);

type Sums = Omit<HistoryDay, 'day' | 'successRate' | 'reviewRate' | 'overrideRate'>;

const emptySums = (): Sums => ({
  received: 0,
  classified: 0,
  filed: 0,
  failed: 0,
  categories: {},
  bands: { high: 0, medium: 0, low: 0 },
  reviewed: 0,
  overridden: 0,
  alerts: { critical: 0, error: 0, warning: 0, info: 0 } satisfies SeverityCounts,
});

function withRates(s: Sums): Omit<HistoryDay, 'day'> {
  return {
    received: s.received,
    classified: s.classified,
    filed: s.filed,
    failed: s.failed,
    successRate: percent(s.filed, s.filed + s.failed),
    categories: s.categories,
    bands: s.bands,
    reviewed: s.reviewed,
    overridden: s.overridden,
    reviewRate: percent(s.reviewed, s.classified),
    overrideRate: percent(s.overridden, s.reviewed),
    alerts: s.alerts,
  };
}

const pct2 = (v: number) => Math.round(v * 10_000) / 100;

/** The desk heads fitted in the range, each on its local day, figures in percent. */
function historyDeskHeads(db: StationDb, days: { day: string; from: string; to: string }[]): HistoryDeskHead[] {
  return db.desk.deskHeadsBetween(days[0]!.from, days[days.length - 1]!.to).map((h) => ({
    id: h.id,
    createdAt: h.createdAt,
    day: days.find((d) => h.createdAt >= d.from && h.createdAt < d.to)?.day ?? days[days.length - 1]!.day,
    examples: h.examples,
    checkExamples: h.checkExamples,
    checkAccuracy: pct2(h.checkAccuracy),
    baseCheckAccuracy: pct2(h.baseCheckAccuracy),
    accepted: h.accepted,
  }));
}

/** A range with nothing received: no checks, no grades, no dispositions. */
export const emptyHistoryReceiving = (): HistoryReceiving => ({
  checked: 0,
  mismatched: 0,
  mismatchRate: null,
  unexpected: 0,
  grades: Object.fromEntries([...GRADES, 'ungraded'].map((g) => [g, 0])) as HistoryReceiving['grades'],
  dispositions: Object.fromEntries([...DISPOSITIONS, 'none'].map((d) => [d, 0])) as HistoryReceiving['dispositions'],
});

/** A day with nothing in it (no items, runs or alerts). */
export const emptyHistoryDay = (): Omit<HistoryDay, 'day'> => withRates(emptySums());

/** `from` and `to` are local days, both included; the caller has checked the range. `thresholds`
 * default to the stored settings, so bands here match every other screen. */
export function buildHistoryReport(
  db: StationDb,
  from: string,
  to: string,
  thresholds?: BandThresholds,
  rules: DispositionRules = DEFAULT_DISPOSITION_RULES,
): HistoryReport {
  const t = thresholds ?? db.settings.getThresholds();
  const days = localDays(from, to);
  const byDay = new Map(days.map((d) => [d.day, emptySums()]));
  const total = emptySums();

  for (const r of db.history.dailyItemCounts(days, t)) {
    const s = byDay.get(r.day)!;
    for (const key of ['received', 'classified', 'filed', 'failed', 'reviewed', 'overridden'] as const) {
      s[key] = r[key];
      total[key] += r[key];
    }
    s.bands = r.bands;
    for (const band of ['high', 'medium', 'low'] as const) total.bands[band] += r.bands[band];
    s.categories = r.categories;
    for (const [c, n] of Object.entries(r.categories)) total.categories[c] = (total.categories[c] ?? 0) + n;
  }
  for (const a of db.history.dailyAlertCounts(days)) {
    byDay.get(a.day)!.alerts[a.severity] += a.count;
    total.alerts[a.severity] += a.count;
  }

  return {
    from,
    to,
    thresholds: t,
    days: days.map((d) => ({ day: d.day, ...withRates(byDay.get(d.day)!) })),
    totals: withRates(total),
    runs: days.length ? db.history.runsStartedBetween(days[0]!.from, days[days.length - 1]!.to) : [],
    deskHeads: days.length ? historyDeskHeads(db, days) : [],
    receiving: historyReceiving(db, days[0]?.from ?? '', days[days.length - 1]?.to ?? '', rules),
  };
}
