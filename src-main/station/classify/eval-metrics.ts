// Pure metrics for `npm run eval`: what the desk needs to trust the model's confidence.
import { DEFAULT_THRESHOLDS, type BandThresholds } from '../../../src-shared/domain.ts';

export interface Scored {
  /** Index of the true label, or -1 for an out-of-set image (none of the model's labels). */
  truth: number;
  predicted: number;
  confidence: number;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface EvalMetrics {
  count: number;
  accuracy: number;
  macroF1: number;
  ece: number;
  highBand: { coverage: number; precision: number };
  lowBandShare: number;
  outOfSet: { count: number; sentToReview: number };
  perClass: Record<string, ClassMetrics>;
  /** confusion[true][predicted], in label order. */
  confusion: number[][];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

/** Expected calibration error over equal-width confidence bins (15 as in Guo et al. 2017). */
export function expectedCalibrationError(items: Scored[], bins = 15): number {
  if (items.length === 0) return 0;
  const sums = Array.from({ length: bins }, () => ({ n: 0, conf: 0, correct: 0 }));
  for (const s of items) {
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(s.confidence * bins) - 1));
    const bin = sums[b]!;
    bin.n++;
    bin.conf += s.confidence;
    bin.correct += s.predicted === s.truth ? 1 : 0;
  }
  return sums.reduce((e, b) => (b.n ? e + (b.n / items.length) * Math.abs(b.correct / b.n - b.conf / b.n) : e), 0);
}

export function computeMetrics(all: Scored[], labels: readonly string[], t: BandThresholds = DEFAULT_THRESHOLDS): EvalMetrics {
  const inSet = all.filter((s) => s.truth >= 0);
  const outSet = all.filter((s) => s.truth < 0);
  const n = labels.length;
  const confusion = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (const s of inSet) confusion[s.truth]![s.predicted]!++;
  const perClass: Record<string, ClassMetrics> = {};
  let f1Sum = 0;
  labels.forEach((label, k) => {
    const tp = confusion[k]![k]!;
    const support = confusion[k]!.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[k]!, 0);
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    perClass[label] = { precision, recall, f1, support };
    f1Sum += f1;
  });
  const correct = inSet.filter((s) => s.predicted === s.truth).length;
  const high = inSet.filter((s) => s.confidence >= t.high);
  return {
    count: all.length,
    accuracy: ratio(correct, inSet.length),
    macroF1: f1Sum / n,
    ece: expectedCalibrationError(inSet),
    highBand: {
      coverage: ratio(high.length, inSet.length),
      precision: ratio(high.filter((s) => s.predicted === s.truth).length, high.length),
    },
    lowBandShare: ratio(inSet.filter((s) => s.confidence < t.low).length, inSet.length),
    outOfSet: {
      count: outSet.length,
      // Sent to a person = not auto-approved.
      sentToReview: ratio(outSet.filter((s) => s.confidence < t.high).length, outSet.length),
    },
    perClass,
    confusion,
  };
}
