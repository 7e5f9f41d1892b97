// results/summary_<stamp>.json — the desk's summary, with its exact key names. Figures come from the
// rows (see report-stats.ts) so they agree with the CSV line for line.
import type { BandThresholds } from '../../../src-shared/domain.ts';
import { computeStats, round2 } from './report-stats.ts';
import type { BatchReportInput } from './report-types.ts';

export interface SummaryJson {
  timestamp: string;
  total_processed: number;
  successful: number;
  failed: number;
  success_rate: number;
  processing_time_seconds: number;
  categories: Record<string, number>;
  confidence_distribution: {
    'high_confidence_>85%': number;
    'medium_confidence_70-85%': number;
    'low_confidence_<70%': number;
  };
  errors: { filename: string; error: string }[];
  /** Added by Returns Station: the thresholds the distribution was counted with. The three keys
   * above keep the desk's names (its scripts read them) even when settings move the thresholds. */
  confidence_thresholds: BandThresholds;
}

export function summaryObject(input: Pick<BatchReportInput, 'stamp' | 'rows' | 'thresholds' | 'categories' | 'run'>): SummaryJson {
  const s = computeStats(input.rows, input.thresholds, input.categories);
  return {
    timestamp: input.stamp,
    total_processed: s.total,
    successful: s.successful,
    failed: s.failed,
    success_rate: s.successRate,
    processing_time_seconds: round2(Math.max(0, input.run.durationSeconds || 0)),
    categories: Object.fromEntries(s.categories),
    confidence_distribution: {
      'high_confidence_>85%': s.bands.high,
      'medium_confidence_70-85%': s.bands.medium,
      'low_confidence_<70%': s.bands.low,
    },
    errors: s.errors.map((e) => ({ filename: e.fileName, error: e.error })),
    confidence_thresholds: { high: input.thresholds.high, low: input.thresholds.low },
  };
}

/** Pretty-printed, newline-terminated, UTF-8 (not \u-escaped) so it reads well in a text editor. */
export function summaryJson(input: Parameters<typeof summaryObject>[0]): string {
  return `${JSON.stringify(summaryObject(input), null, 2)}\n`;
}
