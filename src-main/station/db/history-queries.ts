// The History screen's aggregates. A year is ~110,000 items, so everything is counted in SQL with
// GROUP BY and handed back as a few thousand small rows; nothing here returns items.
//
// Days are LOCAL days. Rather than converting every row's time in SQL (date(…, 'localtime') per
// row, and SQLite's idea of the zone), the caller passes the days with their UTC ranges (see
// localDays in time-values.ts) and each day becomes one range scan of an indexed time column.
import type { AlertSeverity, BandThresholds, BatchStatus, BatchTrigger } from '../../../src-shared/domain.ts';
import type { BandCounts, HistoryRun } from '../../../src-shared/history-types.ts';
import type { DbContext } from './db-context.ts';

export interface DayRange {
  day: string;
  /** UTC ISO, inclusive. */
  from: string;
  /** UTC ISO, exclusive. */
  to: string;
}

/** The items received on one day, counted. */
export interface DayItemCounts {
  day: string;
  received: number;
  classified: number;
  /** By the latest prediction's confidence and the thresholds given. */
  bands: BandCounts;
  filed: number;
  failed: number;
  reviewed: number;
  overridden: number;
  /** By the reviewed category, else the latest prediction's; items with neither are left out. */
  categories: Record<string, number>;
}

export interface DayAlertCounts {
  day: string;
  severity: AlertSeverity;
  count: number;
}

/** A run as the History screen shows it (the domain's HistoryRun). */
export type RunRow = HistoryRun;

// The days as a table: json_each over [[from, to], …]; a day is named by its position (json_each's
// integer key). ORDER BY key lets SQLite see that the outer loop already delivers each day's rows
// together, so GROUP BY d.k aggregates as it goes instead of sorting 110,000 rows first.
const DAYS_CTE = /* sql */ `
  days AS (SELECT key AS k, value ->> 0 AS start, value ->> 1 AS stop FROM json_each(@days) ORDER BY key)`;

// Both statements read only the items_history index (migration 2): the latest prediction's
// category and confidence and the reviewed category are kept on the item by triggers, and mean what
// they mean in item-select.ts. Bands are bandOf() in SQL: high at or above t.high, low below t.low.
// An item counts as overridden when a person settled on another category than the model's latest
// guess, whichever button they used.
const DAY_SUMS_SQL = /* sql */ `
WITH ${DAYS_CTE}
SELECT d.k AS k,
       count(*) AS received,
       sum(i.latest_confidence IS NOT NULL) AS classified,
       coalesce(sum(i.latest_confidence >= @high), 0) AS high,
       coalesce(sum(i.latest_confidence < @low), 0) AS low,
       sum(i.status = 'filed') AS filed,
       sum(i.status = 'failed') AS failed,
       sum(i.reviewed_category IS NOT NULL) AS reviewed,
       sum(i.reviewed_category IS NOT NULL AND i.reviewed_category IS NOT i.latest_category) AS overridden
  FROM days d
  JOIN items i INDEXED BY items_history ON i.received_at >= d.start AND i.received_at < d.stop
 GROUP BY d.k`;

// Category mix: grouping by (day, category) across the range would sort every row; grouping each
// day on its own sorts a few hundred at a time (measured ~1.5× faster at a year), and the day's
// counts come back as one small JSON object.
const DAY_CATEGORIES_SQL = /* sql */ `
WITH ${DAYS_CTE}
SELECT d.k AS k,
       (SELECT json_group_object(c, n) FROM (
          SELECT coalesce(i.reviewed_category, i.latest_category) AS c, count(*) AS n
            FROM items i INDEXED BY items_history
           WHERE i.received_at >= d.start AND i.received_at < d.stop AND c IS NOT NULL
           GROUP BY c)) AS categories
  FROM days d`;

const ALERT_COUNTS_SQL = /* sql */ `
WITH ${DAYS_CTE}
SELECT d.k AS k, a.severity AS severity, count(*) AS count
  FROM days d
  JOIN alerts a ON a.created_at >= d.start AND a.created_at < d.stop
 GROUP BY d.k, a.severity`;

const daysJson = (days: readonly DayRange[]) => JSON.stringify(days.map((d) => [d.from, d.to]));

/** Days without items are left out. Both statements read one snapshot (one read transaction). */
export function dailyItemCounts(ctx: DbContext, days: readonly DayRange[], t: BandThresholds): DayItemCounts[] {
  const json = daysJson(days);
  return ctx.tx(() => {
    const categories = new Map<number, Record<string, number>>();
    for (const r of ctx.stmt(DAY_CATEGORIES_SQL).all({ days: json })) {
      categories.set(r.k as number, JSON.parse((r.categories as string | null) ?? '{}') as Record<string, number>);
    }
    return ctx
      .stmt(DAY_SUMS_SQL)
      .all({ days: json, high: t.high, low: t.low })
      .map((r) => ({
        day: days[r.k as number]!.day,
        received: r.received as number,
        classified: r.classified as number,
        bands: {
          high: r.high as number,
          medium: (r.classified as number) - (r.high as number) - (r.low as number),
          low: r.low as number,
        },
        filed: r.filed as number,
        failed: r.failed as number,
        reviewed: r.reviewed as number,
        overridden: r.overridden as number,
        categories: categories.get(r.k as number) ?? {},
      }));
  });
}

export function dailyAlertCounts(ctx: DbContext, days: readonly DayRange[]): DayAlertCounts[] {
  return ctx
    .stmt(ALERT_COUNTS_SQL)
    .all({ days: daysJson(days) })
    .map((r) => ({ day: days[r.k as number]!.day, severity: r.severity as AlertSeverity, count: r.count as number }));
}

/** Runs started in [from, to), oldest first, with only the columns the charts use. */
export function runsStartedBetween(ctx: DbContext, from: string, to: string): RunRow[] {
  return ctx
    .stmt(
      `SELECT id, timestamp, started_at, "trigger", status, duration_seconds, total_images, successful, failed,
              low_confidence, success_rate
         FROM batch_runs WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id`,
    )
    .all(from, to)
    .map((r) => ({
      id: r.id as number,
      timestamp: r.timestamp as string,
      startedAt: r.started_at as string,
      trigger: r.trigger as BatchTrigger,
      status: r.status as BatchStatus,
      durationSeconds: r.duration_seconds as number,
      total: r.total_images as number,
      successful: r.successful as number,
      failed: r.failed as number,
      lowConfidence: r.low_confidence as number,
      successRate: r.success_rate as number,
    }));
}
