// The History screen's table as CSV: one row per day, the same figures as the charts. Category
// columns are the categories that occur in the range (by name), so a spreadsheet gets a stable
// column per category however the mix changes from day to day.
import type { HistoryReport } from '../../../src-shared/history-types.ts';
import { csvRecord, textCell } from '../reports/csv-cell.ts';

const compact = (day: string) => day.replace(/-/g, '');

export function historyCsvFileName(from: string, to: string): string {
  return `history_${compact(from)}_${compact(to)}.csv`;
}

/** Empty cell for "no rate" (nothing to divide by), never 0. */
const num = (n: number | null) => (n === null ? '' : String(n));

export function historyCsv(report: HistoryReport): string {
  const categories = [...new Set(report.days.flatMap((d) => Object.keys(d.categories)))].sort((a, b) => a.localeCompare(b));
  const header = [
    'day',
    'received',
    'classified',
    'filed',
    'failed',
    'success_rate_percent',
    'band_high',
    'band_medium',
    'band_low',
    'reviewed',
    'overridden',
    'review_rate_percent',
    'override_rate_percent',
    'alerts_critical',
    'alerts_error',
    'alerts_warning',
    'alerts_info',
    ...categories.map((c) => `category:${c}`),
  ];
  const rows = report.days.map((d) => [
    d.day,
    String(d.received),
    String(d.classified),
    String(d.filed),
    String(d.failed),
    num(d.successRate),
    String(d.bands.high),
    String(d.bands.medium),
    String(d.bands.low),
    String(d.reviewed),
    String(d.overridden),
    num(d.reviewRate),
    num(d.overrideRate),
    String(d.alerts.critical),
    String(d.alerts.error),
    String(d.alerts.warning),
    String(d.alerts.info),
    ...categories.map((c) => String(d.categories[c] ?? 0)),
  ]);
  // Header cells are text (category names come from the model or a person); numbers are ours.
  return [csvRecord(header.map(textCell)), ...rows.map((r) => csvRecord([r[0]!, ...r.slice(1)]))].join('');
}
