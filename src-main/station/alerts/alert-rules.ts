// The desk's alert rules as pure functions: a finished run (or the time since the last one) in,
// alert drafts out. Storing, de-duplicating and sending them is the caller's job.
//
// Text follows the desk's style: a short title, one sentence with the measured value and the
// threshold plus the batch figures, and 2–4 things a person can do next.
import type { AlertRule, AlertSeverity, BatchRun } from '../../../src-shared/domain.ts';
import { localMinute } from '../../../src-shared/local-time.ts';

export interface AlertDraft {
  rule: AlertRule;
  severity: AlertSeverity;
  title: string;
  message: string;
  actions: string[];
}

export interface AlertLimits {
  /** Percent of the run's images that failed; above it → 'error'. */
  maxErrorRatePercent: number;
  /** Number of low-band items; above it → 'warning'. */
  maxLowConfidence: number;
  /** Run length in minutes; above it → 'warning'. */
  maxDurationMinutes: number;
}

export const DEFAULT_ALERT_LIMITS: AlertLimits = { maxErrorRatePercent: 10, maxLowConfidence: 50, maxDurationMinutes: 15 };
export const DEFAULT_NO_BATCH_HOURS = 36;

/** Measured values always show one decimal (15.5, 12.0); thresholds only when they have one (10). */
const measured = (x: number) => x.toFixed(1);
const limit = (x: number) => String(Math.round(x * 10) / 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function figures(run: BatchRun): string {
  return `${run.successful} of ${plural(run.totalImages, 'image')} filed, ${run.failed} failed`;
}

/** A run in which nothing was filed: the run itself failed, or every image did. */
export function failedEntirely(run: BatchRun): boolean {
  return run.status === 'failed' || (run.totalImages > 0 && run.successful === 0);
}

export function batchFailedAlert(run: BatchRun): AlertDraft | null {
  if (!failedEntirely(run)) return null;
  const why = run.errorMessage ? `: ${run.errorMessage.replace(/[.\s]+$/, '')}` : '';
  const message =
    run.status === 'failed'
      ? `Batch ${run.timestamp} failed${why} (${figures(run)}).`
      : `Batch ${run.timestamp} filed no image: all ${plural(run.totalImages, 'image')} failed${why}.`;
  return {
    rule: 'batch-failed',
    severity: 'critical',
    title: 'Batch failed',
    message,
    actions: [
      'Read the error in the batch log',
      'Check that the model file is present and verified',
      'Check the free disk space of the station folder',
      'Fix the cause, then re-run the batch',
    ],
  };
}

export function errorRateAlert(run: BatchRun, maxPercent = DEFAULT_ALERT_LIMITS.maxErrorRatePercent): AlertDraft | null {
  if (run.totalImages <= 0) return null;
  const rate = (run.failed / run.totalImages) * 100;
  if (!(rate > maxPercent)) return null;
  return {
    rule: 'error-rate',
    severity: 'error',
    title: 'High error rate',
    message: `Error rate is ${measured(rate)} % (threshold: ${limit(maxPercent)} %): ${figures(run)} in batch ${run.timestamp}.`,
    actions: [
      'Review failed images in the log',
      "Check the photo station's camera and that photos are saved completely",
      'Re-run the batch',
    ],
  };
}

export function lowConfidenceAlert(run: BatchRun, maxCount = DEFAULT_ALERT_LIMITS.maxLowConfidence): AlertDraft | null {
  if (!(run.lowConfidence > maxCount)) return null;
  return {
    rule: 'low-confidence',
    severity: 'warning',
    title: 'Many low-confidence items',
    message: `${plural(run.lowConfidence, 'item')} ${run.lowConfidence === 1 ? 'has' : 'have'} low confidence (threshold: ${limit(maxCount)}) in batch ${run.timestamp}, ${figures(run)}.`,
    actions: [
      'Review the low-confidence items on the Review screen',
      "Check the photo station's lighting and background",
      'Photograph one item at a time, flat and whole',
    ],
  };
}

export function slowBatchAlert(run: BatchRun, maxMinutes = DEFAULT_ALERT_LIMITS.maxDurationMinutes): AlertDraft | null {
  const minutes = run.durationSeconds / 60;
  if (!(minutes > maxMinutes)) return null;
  return {
    rule: 'slow-batch',
    severity: 'warning',
    title: 'Slow batch',
    message: `Batch ${run.timestamp} took ${measured(minutes)} minutes (threshold: ${limit(maxMinutes)} minutes) for ${plural(run.totalImages, 'image')}.`,
    actions: [
      'Check that no other heavy program ran during the batch',
      "Check the free disk space and the disk's health",
      'Check that photos are not much larger than usual',
    ],
  };
}

/**
 * Every alert a finished run raises, most severe first. A run still 'running' raises none. When
 * the run failed entirely, its error rate (100 %) is not reported again as a second alert: the
 * critical one already says it, and one clear message beats two for the same cause.
 */
export function evaluateBatchAlerts(run: BatchRun, limits: Partial<AlertLimits> = {}): AlertDraft[] {
  if (run.status === 'running') return [];
  const l = { ...DEFAULT_ALERT_LIMITS, ...limits };
  const failed = batchFailedAlert(run);
  return [
    failed,
    failed ? null : errorRateAlert(run, l.maxErrorRatePercent),
    lowConfidenceAlert(run, l.maxLowConfidence),
    slowBatchAlert(run, l.maxDurationMinutes),
  ].filter((a): a is AlertDraft => a !== null);
}

/**
 * Warns when no batch has finished for more than `hours`. `lastFinishedAt` null means none ever
 * has: then there is nothing to measure from and no alert — callers that want a station which
 * never runs to alert as well pass the station's setup time instead of null.
 */
export function noBatchAlert(lastFinishedAt: string | null, now: Date, hours = DEFAULT_NO_BATCH_HOURS): AlertDraft | null {
  if (lastFinishedAt === null) return null;
  const last = new Date(lastFinishedAt);
  if (Number.isNaN(last.getTime())) throw new RangeError(`Not a time: "${lastFinishedAt}"`);
  const elapsed = (now.getTime() - last.getTime()) / 3_600_000;
  if (!(elapsed > hours)) return null;
  return {
    rule: 'no-batch',
    severity: 'warning',
    title: 'No batch run',
    message: `No batch has finished for ${measured(elapsed)} hours (threshold: ${limit(hours)} hours); the last one finished at ${localMinute(last)}.`,
    actions: ['Check that the station was running overnight', 'Check the batch time in Settings', 'Start a batch now with "Run now"'],
  };
}
