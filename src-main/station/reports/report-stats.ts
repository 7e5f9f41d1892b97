// The figures every output shares (summary JSON, HTML report, log), computed once from the rows so
// the files of one run never disagree with each other.
import { bandOf, type BandThresholds, type ConfidenceBand } from '../../../src-shared/domain.ts';
import type { BatchResultRow } from './report-types.ts';

export interface ReportStats {
  total: number;
  successful: number;
  failed: number;
  /** Percent, 2 decimals, as the desk's summary has it (97.98). */
  successRate: number;
  /** Successful items per category, most first; ties keep the model's label order. */
  categories: [string, number][];
  /** Successful items per band, using the thresholds from settings. */
  bands: Record<ConfidenceBand, number>;
  errors: { fileName: string; error: string }[];
}

export const UNKNOWN_CATEGORY = '(unknown)';
export const UNKNOWN_ERROR = 'Unknown error';

export const round2 = (x: number) => Math.round(x * 100) / 100;

export function computeStats(rows: readonly BatchResultRow[], thresholds: BandThresholds, labelOrder: readonly string[] = []): ReportStats {
  const counts = new Map<string, number>();
  const bands: Record<ConfidenceBand, number> = { high: 0, medium: 0, low: 0 };
  const errors: ReportStats['errors'] = [];
  let successful = 0;
  for (const r of rows) {
    if (r.status === 'success') {
      successful++;
      const c = r.category ?? UNKNOWN_CATEGORY;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      // Bands are recomputed from the confidence with the current thresholds (not taken from the
      // row) so the distribution always mirrors the settings the report states.
      bands[bandOf(r.confidence, thresholds)]++;
    } else {
      errors.push({ fileName: r.fileName, error: r.error || UNKNOWN_ERROR });
    }
  }
  const rank = (c: string) => {
    const i = labelOrder.indexOf(c);
    return i < 0 ? labelOrder.length : i;
  };
  const categories = [...counts].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  const total = rows.length;
  return {
    total,
    successful,
    failed: total - successful,
    successRate: total ? round2((successful / total) * 100) : 0,
    categories,
    bands,
    errors,
  };
}
