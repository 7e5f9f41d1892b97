// A night's accuracy without labels, from its confidences and the reference's calibration: the
// average confidence corrected by the reference's own gap between confidence and accuracy (CBPE
// style), and ATC (the share of photos at or above the confidence that splits the reference as its
// accuracy does). Both with a 95 % interval.
import type { DriftReference } from './drift-reference.ts';

export interface Estimate {
  /** Expected share of right answers, 0..1. */
  estimate: number;
  low: number;
  high: number;
  count: number;
}

export type EstimateMethod = 'confidence' | 'atc';

export interface AccuracyEstimate {
  /** The method `all` and `autoApproved` use (ESTIMATE_METHOD unless asked otherwise). */
  method: EstimateMethod;
  all: Estimate;
  /** The photos the band rule auto-approves (confidence ≥ high). */
  autoApproved: Estimate;
  /** Both methods on all photos, for the eval. */
  byMethod: Record<EstimateMethod, Estimate>;
}

/** The method the station reports: chosen on the eval (EXPERIMENTS.md, "Drift watch"). */
export const ESTIMATE_METHOD: EstimateMethod = 'atc';

const clamp = (x: number) => Math.min(1, Math.max(0, x));

function interval(estimate: number, sd: number, bias: number, count: number): Estimate {
  const half = 1.96 * sd + bias;
  return { estimate: clamp(estimate), low: clamp(estimate - half), high: clamp(estimate + half), count };
}

export function estimateAccuracy(
  ref: Pick<DriftReference, 'calibration'> | null,
  confidences: readonly number[],
  opts: { high?: number; method?: EstimateMethod } = {},
): AccuracyEstimate {
  // Without a labelled reference ATC has no threshold of its own: the average confidence is read.
  const cal = ref?.calibration ?? null;
  const high = opts.high ?? cal?.high ?? 0.85;
  const n = confidences.length;
  const sum = confidences.reduce((s, p) => s + p, 0);
  const variance = confidences.reduce((s, p) => s + p * (1 - p), 0);
  // Without a labelled reference, confidence is taken as calibrated; the interval then carries no
  // calibration term.
  const gap = cal ? cal.accuracy - cal.meanConfidence : 0;
  const ece = cal ? cal.ece : 0;
  const confidence = interval(n ? sum / n + gap : 0, n ? Math.sqrt(variance) / n : 0, ece, n);
  const t = cal?.atcThreshold ?? high;
  const atcShare = n ? confidences.filter((p) => p >= t).length / n : 0;
  const atc = interval(atcShare, n ? Math.sqrt((atcShare * (1 - atcShare)) / n) : 0, ece, n);
  const hi = confidences.filter((p) => p >= high);
  const hiGap = cal ? cal.highAccuracy - cal.highMeanConfidence : 0;
  const hiVar = hi.reduce((s, p) => s + p * (1 - p), 0);
  const autoApproved = interval(
    hi.length ? hi.reduce((s, p) => s + p, 0) / hi.length + hiGap : 1,
    hi.length ? Math.sqrt(hiVar) / hi.length : 0,
    Math.abs(hiGap),
    hi.length,
  );
  const method = opts.method ?? (cal ? ESTIMATE_METHOD : 'confidence');
  const byMethod = { confidence, atc };
  return { method, all: byMethod[method], autoApproved, byMethod };
}
