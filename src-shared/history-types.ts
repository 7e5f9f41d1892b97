// History: the daily figures behind the History screen's charts and its CSV export. Pure types,
// shared by the station core and the UI.
import type { AlertSeverity, BandThresholds, BatchStatus, BatchTrigger, ConfidenceBand } from './domain.ts';
import type { Disposition, Grade } from './receiving.ts';

export type BandCounts = Record<ConfidenceBand, number>;
export type SeverityCounts = Record<AlertSeverity, number>;

/**
 * One local calendar day. Every item figure counts the items RECEIVED that day (a photo taken on
 * Monday stays Monday's even though Tuesday's 02:00 batch files it and a clerk reviews it later),
 * so a day's numbers add up and do not shift with when the batch ran.
 */
export interface HistoryDay {
  day: string;
  received: number;
  /** With at least one prediction. */
  classified: number;
  /** Filed into processed/ by a batch. */
  filed: number;
  /** Unreadable, quarantined in errors/. */
  failed: number;
  /** filed / (filed + failed) in percent (two decimals), over the day's items a batch has dealt
   * with; null when none has been dealt with yet. Items, not runs: a run at 02:00 mixes days. */
  successRate: number | null;
  /** Items per category they are filed under (reviewed category wins over the prediction). */
  categories: Record<string, number>;
  /** By the latest prediction's confidence and the current thresholds. */
  bands: BandCounts;
  /** Items a person settled (a live accept or override). Defer and flag are not answers. */
  reviewed: number;
  /** Reviewed items whose settled category differs from the model's. */
  overridden: number;
  /** reviewed / classified in percent; null without classified items. */
  reviewRate: number | null;
  /** overridden / reviewed in percent: the real-world error estimate; null without reviews. */
  overrideRate: number | null;
  /** Alerts raised that day, by severity. */
  alerts: SeverityCounts;
}

export interface HistoryRun {
  id: number;
  timestamp: string;
  startedAt: string;
  trigger: BatchTrigger;
  status: BatchStatus;
  durationSeconds: number;
  total: number;
  successful: number;
  failed: number;
  lowConfidence: number;
  successRate: number;
}

export interface HistoryReport {
  from: string;
  to: string;
  thresholds: BandThresholds;
  /** One row for every day of the range, oldest first; days without data are zero rows. */
  days: HistoryDay[];
  /** The range as one row (rates recomputed from the sums, not averaged). */
  totals: Omit<HistoryDay, 'day'>;
  /** Batch runs started in the range, oldest first. */
  runs: HistoryRun[];
  /** Desk heads fitted in the range, oldest first: how each did on its check beside the base model. */
  deskHeads: HistoryDeskHead[];
  /** Receiving over the range's received items: against the announced returns, grades, dispositions. */
  receiving: HistoryReceiving;
}

export interface HistoryReceiving {
  /** Items whose category could be compared with an announced return (match or mismatch). */
  checked: number;
  /** Of those, not what was expected. */
  mismatched: number;
  /** mismatched / checked in percent; null without checked items. */
  mismatchRate: number | null;
  /** Items with a return id nobody announced. */
  unexpected: number;
  /** Items per grade; `ungraded` for those without one. */
  grades: Record<Grade | 'ungraded', number>;
  /** Items per disposition (a person's choice, else the rule table's today); `none` when ungraded. */
  dispositions: Record<Disposition | 'none', number>;
}

export interface HistoryDeskHead {
  id: number;
  createdAt: string;
  /** Its local day. */
  day: string;
  examples: number;
  checkExamples: number;
  /** Percent, two decimals, on the same check decisions. */
  checkAccuracy: number;
  baseCheckAccuracy: number;
  accepted: boolean;
}
