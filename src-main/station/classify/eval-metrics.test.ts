import { describe, expect, it } from 'vitest';
import { computeMetrics, expectedCalibrationError } from './eval-metrics.ts';

const labels = ['A', 'B'];

describe('eval metrics', () => {
  it('computes accuracy, per-class scores, macro-F1 and the confusion matrix', () => {
    const m = computeMetrics(
      [
        { truth: 0, predicted: 0, confidence: 0.9 },
        { truth: 0, predicted: 1, confidence: 0.6 },
        { truth: 1, predicted: 1, confidence: 0.95 },
        { truth: 1, predicted: 1, confidence: 0.8 },
        { truth: -1, predicted: 0, confidence: 0.9 },
        { truth: -1, predicted: 1, confidence: 0.5 },
      ],
      labels,
    );
    expect(m.count).toBe(6);
    expect(m.accuracy).toBe(0.75);
    expect(m.confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(m.perClass.A).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.perClass.B!.precision).toBeCloseTo(2 / 3);
    expect(m.perClass.B!.f1).toBeCloseTo(0.8);
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2);
    expect(m.highBand).toEqual({ coverage: 0.5, precision: 1 });
    expect(m.lowBandShare).toBe(0.25);
    expect(m.outOfSet).toEqual({ count: 2, sentToReview: 0.5 });
  });

  it('ECE is zero when confidence equals accuracy and large when overconfident', () => {
    const calibrated = [0, 1, 2, 3].map((i) => ({ truth: 0, predicted: i < 3 ? 0 : 1, confidence: 0.75 }));
    expect(expectedCalibrationError(calibrated)).toBeCloseTo(0, 10);
    const over = [0, 1].map((i) => ({ truth: 0, predicted: i, confidence: 0.99 }));
    expect(expectedCalibrationError(over)).toBeCloseTo(0.49, 10);
  });

  it('with label sets: right when the category is any acceptable label, out-of-set auto-approvals are wrong', () => {
    const labels3 = ['A', 'B', 'C'];
    const m = computeMetrics(
      [
        { truth: 0, acceptable: [0], kind: 'a', predicted: 0, confidence: 0.95 }, // right, auto
        { truth: 1, acceptable: [1, 2], kind: 'bc', predicted: 2, confidence: 0.9 }, // right (partial), auto
        { truth: 1, acceptable: [1, 2], kind: 'bc', predicted: 0, confidence: 0.9 }, // wrong, auto
        { truth: 1, acceptable: [1, 2], kind: 'bc', predicted: 1, confidence: 0.5 }, // right, review
        { truth: -1, acceptable: [], kind: 'none', predicted: 0, confidence: 0.99 }, // out-of-set, auto: wrong
        { truth: -1, acceptable: [], kind: 'none', predicted: 1, confidence: 0.3 }, // out-of-set, review
      ],
      labels3,
    );
    expect(m.accuracy).toBe(0.75);
    expect(m.wrongAutoApproved).toBe(2 / 4);
    expect(m.autoApprovedCoverage).toBe(3 / 4);
    // Two of six photos go to a person: the review and the out-of-set one below the high band.
    expect(m.reviewLoad).toBe(2 / 6);
    expect(m.outOfSet).toEqual({ count: 2, sentToReview: 0.5 });
    expect(m.perKind).toEqual({
      a: { count: 1, right: 1, autoApproved: 1, wrongAutoApproved: 0 },
      bc: { count: 3, right: 2, autoApproved: 2, wrongAutoApproved: 1 },
      none: { count: 2, right: 0, autoApproved: 1, wrongAutoApproved: 1 },
    });
    // A right partial answer counts under the label predicted, a wrong one under the set's first.
    expect(m.confusion).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
  });

  it('without label sets, perKind is keyed by category and wrong auto-approvals count out-of-set ones', () => {
    const m = computeMetrics(
      [
        { truth: 0, predicted: 0, confidence: 0.9 },
        { truth: 1, predicted: 0, confidence: 0.9 },
        { truth: -1, predicted: 1, confidence: 0.9 },
      ],
      labels,
    );
    expect(m.wrongAutoApproved).toBeCloseTo(2 / 3);
    expect(m.perKind.A).toEqual({ count: 1, right: 1, autoApproved: 1, wrongAutoApproved: 0 });
    expect(m.perKind['out-of-set']).toEqual({ count: 1, right: 0, autoApproved: 1, wrongAutoApproved: 1 });
  });
});
