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
    expect(m.confusion).toEqual([[1, 1], [0, 2]]);
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
});
