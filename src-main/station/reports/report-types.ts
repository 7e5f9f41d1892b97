// The shapes the nightly batch hands to the report writers. One row per photo the run looked at;
// the writers never reach into the database, so a report can be regenerated from the run history
// alone (the desk has had to do that after a corrupted result file).
import type { AlertSeverity, BandThresholds, BatchRun, ConfidenceBand } from '../../../src-shared/domain.ts';

export interface BatchResultRow {
  fileName: string;
  /** The filed category; null for an error before classification. */
  category: string | null;
  /** 0..1; 0 for an error before classification. */
  confidence: number;
  status: 'success' | 'error';
  /** Local time without milliseconds, as the desk's CSV has it: 2025-10-13T02:00:04. */
  timestamp: string;
  returnId: string | null;
  band: ConfidenceBand | null;
  error: string | null;
  /** Where the photo went, relative to the station root: processed/Tshirts/x.jpg or errors/x.jpg. */
  destination: string | null;
  /** Relative path of the photo for the HTML report's thumbnail; defaults to `destination`. */
  thumbnail?: string;
}

export interface ReportModel {
  name: string;
  version: string;
  sha256: string;
}

export interface TimelineEntry {
  /** An ISO time (shown in local time) or any text the batch chose. */
  at: string;
  event: string;
}

export interface ReportAlert {
  severity: AlertSeverity;
  title: string;
  message: string;
}

export interface BatchReportInput {
  run: BatchRun;
  /** The run's local stamp, as in every file name: 20251013_020000. */
  stamp: string;
  rows: BatchResultRow[];
  /** The model's label order; the category chart follows it. */
  categories: string[];
  thresholds: BandThresholds;
  model: ReportModel;
  timeline: TimelineEntry[];
  alerts: ReportAlert[];
}
