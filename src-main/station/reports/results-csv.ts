// results/batch_results_<stamp>.csv — the file the desk filters in a spreadsheet. The desk's five
// columns come first, unchanged, so its saved filters keep working; ours follow.
import { bandOf, DEFAULT_THRESHOLDS, type BandThresholds } from '../../../src-shared/domain.ts';
import { csvRecord, quote, textCell } from './csv-cell.ts';
import type { BatchResultRow } from './report-types.ts';

export const RESULTS_CSV_HEADER = ['filename', 'category', 'confidence', 'status', 'timestamp', 'return_id', 'band', 'error'] as const;

/** 0.95341 → "0.9534"; errors and non-numbers → "0.0000" (as the desk's error rows have it). */
export function formatConfidence(row: Pick<BatchResultRow, 'confidence' | 'status' | 'category'>): string {
  if (row.status === 'error' && !row.category) return '0.0000';
  const c = Number.isFinite(row.confidence) ? Math.min(1, Math.max(0, row.confidence)) : 0;
  return c.toFixed(4);
}

export interface ResultsCsvOptions {
  /** Used for the band column when a successful row carries none. */
  thresholds?: BandThresholds;
  /** Prefix a UTF-8 byte-order mark. Off by default: the desk's scripts read the header as plain
   * "filename,…"; turn on if Excel on Windows shows non-ASCII names garbled. */
  bom?: boolean;
}

export function resultsCsv(rows: readonly BatchResultRow[], opts: ResultsCsvOptions = {}): string {
  const t = opts.thresholds ?? DEFAULT_THRESHOLDS;
  let out = (opts.bom ? '\uFEFF' : '') + csvRecord([...RESULTS_CSV_HEADER]);
  for (const r of rows) {
    const band = r.band ?? (r.status === 'success' ? bandOf(r.confidence, t) : null);
    out += csvRecord([
      textCell(r.fileName),
      textCell(r.category),
      formatConfidence(r),
      r.status,
      quote(r.timestamp),
      textCell(r.returnId),
      band ?? '',
      textCell(r.error),
    ]);
  }
  return out;
}
