// Pure metrics for `npm run eval`: what the desk needs to trust the model's confidence.
import { DEFAULT_THRESHOLDS, type BandThresholds } from '../../../src-shared/domain.ts';

export interface Scored {
  /** Index of the true label, or -1 for an out-of-set image (none of the model's labels). With a
   * label set (`acceptable`), the label the confusion matrix counts it under. */
  truth: number;
  predicted: number;
  confidence: number;
  /** The labels that count as right (a partial label: the photo does not say which); absent means
   * `[truth]`, empty means out-of-set. */
  acceptable?: readonly number[];
  /** The folder (kind) the image came from, for `perKind`. */
  kind?: string;
}

export interface KindMetrics {
  count: number;
  /** Images whose category is one of the kind's labels (0 for an out-of-set kind). */
  right: number;
  /** Images in the high band (auto-approved: filed with no person looking). */
  autoApproved: number;
  /** Auto-approved images whose category is not one of the kind's labels (every auto-approved
   * image of an out-of-set kind). */
  wrongAutoApproved: number;
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
  /** Share of the high band (auto-approved) whose category is not acceptable, out-of-set included. */
  wrongAutoApproved: number;
  /** Share of in-set images in the high band. */
  autoApprovedCoverage: number;
  /** Share of all images (out-of-set included) a person must look at: not auto-approved. The figure
   * the desk feels. */
  reviewLoad: number;
  perKind: Record<string, KindMetrics>;
  perClass: Record<string, ClassMetrics>;
  /** confusion[true][predicted], in label order. */
  confusion: number[][];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);

const acceptableOf = (s: Scored): readonly number[] => s.acceptable ?? (s.truth >= 0 ? [s.truth] : []);

/** The category is one of the image's acceptable labels. */
export const isRight = (s: Scored): boolean => acceptableOf(s).includes(s.predicted);

/** With a partial label, the label a right answer is counted under is the one predicted, a wrong
 * answer under the set's first label; so the confusion matrix and per-class scores stay defined. */
function resolved(s: Scored): Scored {
  const ok = acceptableOf(s);
  if (ok.length === 0) return { ...s, truth: -1 };
  return { ...s, truth: ok.includes(s.predicted) ? s.predicted : ok[0]! };
}

/** Expected calibration error over equal-width confidence bins (15 as in Guo et al. 2017). */
export function expectedCalibrationError(items: Scored[], bins = 15): number {
  if (items.length === 0) return 0;
  const sums = Array.from({ length: bins }, () => ({ n: 0, conf: 0, correct: 0 }));
  for (const s of items) {
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(s.confidence * bins) - 1));
    const bin = sums[b]!;
    bin.n++;
    bin.conf += s.confidence;
    bin.correct += isRight(s) ? 1 : 0;
  }
  return sums.reduce((e, b) => (b.n ? e + (b.n / items.length) * Math.abs(b.correct / b.n - b.conf / b.n) : e), 0);
}

export function computeMetrics(given: Scored[], labels: readonly string[], t: BandThresholds = DEFAULT_THRESHOLDS): EvalMetrics {
  const all = given.map(resolved);
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
  const auto = all.filter((s) => s.confidence >= t.high);
  const perKind: Record<string, KindMetrics> = {};
  for (const s of all) {
    const k = (perKind[s.kind ?? (s.truth >= 0 ? labels[s.truth]! : 'out-of-set')] ??= {
      count: 0,
      right: 0,
      autoApproved: 0,
      wrongAutoApproved: 0,
    });
    k.count++;
    if (isRight(s)) k.right++;
    if (s.confidence >= t.high) {
      k.autoApproved++;
      if (!isRight(s)) k.wrongAutoApproved++;
    }
  }
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
    wrongAutoApproved: ratio(auto.filter((s) => !isRight(s)).length, auto.length),
    autoApprovedCoverage: ratio(high.length, inSet.length),
    reviewLoad: ratio(all.length - auto.length, all.length),
    perKind,
    perClass,
    confusion,
  };
}
