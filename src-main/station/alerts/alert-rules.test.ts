import { describe, expect, it } from 'vitest';
import { finishedRun } from '../test-support/batch-run.ts';
import { evaluateBatchAlerts, noBatchAlert } from './alert-rules.ts';

const rules = (...a: Parameters<typeof evaluateBatchAlerts>) => evaluateBatchAlerts(...a).map((x) => x.rule);

describe('batch alert rules', () => {
  it('raises nothing for a good run', () => {
    expect(evaluateBatchAlerts(finishedRun())).toEqual([]);
  });

  it('error rate: 10 % is fine, above 10 % is an error', () => {
    expect(rules(finishedRun({ totalImages: 200, successful: 180, failed: 20, status: 'completed_with_errors' }))).toEqual([]);
    const [a] = evaluateBatchAlerts(finishedRun({ totalImages: 200, successful: 169, failed: 31, status: 'completed_with_errors' }));
    expect(a).toMatchObject({ rule: 'error-rate', severity: 'error', title: 'High error rate' });
    expect(a!.message).toBe('Error rate is 15.5 % (threshold: 10 %): 169 of 200 images filed, 31 failed in batch 20251013_020000.');
    expect(a!.actions).toContain('Review failed images in the log');
    expect(a!.actions).toContain('Re-run the batch');
  });

  it('low confidence: 50 items is fine, 51 is a warning', () => {
    expect(rules(finishedRun({ lowConfidence: 50 }))).toEqual([]);
    const [a] = evaluateBatchAlerts(finishedRun({ lowConfidence: 51 }));
    expect(a).toMatchObject({ rule: 'low-confidence', severity: 'warning' });
    expect(a!.message).toContain('51 items have low confidence (threshold: 50)');
    expect(a!.actions).toContain("Check the photo station's lighting and background");
  });

  it('slow batch: 15 minutes is fine, a second more is a warning', () => {
    expect(rules(finishedRun({ durationSeconds: 900 }))).toEqual([]);
    const [a] = evaluateBatchAlerts(finishedRun({ durationSeconds: 1092 }));
    expect(a).toMatchObject({ rule: 'slow-batch', severity: 'warning', title: 'Slow batch' });
    expect(a!.message).toContain('took 18.2 minutes (threshold: 15 minutes)');
    expect(rules(finishedRun({ durationSeconds: 901 }))).toEqual(['slow-batch']);
  });

  it('batch failed: status failed, or nothing filed, is critical (and not also an error-rate alert)', () => {
    const model = evaluateBatchAlerts(
      finishedRun({ status: 'failed', totalImages: 247, successful: 0, failed: 0, errorMessage: 'Model file is missing.' }),
    );
    expect(model.map((a) => [a.rule, a.severity])).toEqual([['batch-failed', 'critical']]);
    expect(model[0]!.message).toBe('Batch 20251013_020000 failed: Model file is missing (0 of 247 images filed, 0 failed).');
    expect(model[0]!.actions.length).toBeGreaterThanOrEqual(2);
    expect(model[0]!.actions.length).toBeLessThanOrEqual(4);

    const allBad = evaluateBatchAlerts(finishedRun({ status: 'completed_with_errors', totalImages: 5, successful: 0, failed: 5 }));
    expect(allBad.map((a) => a.rule)).toEqual(['batch-failed']);
    expect(allBad[0]!.message).toBe('Batch 20251013_020000 filed no image: all 5 images failed.');

    // Just not entirely: one image filed.
    expect(rules(finishedRun({ status: 'completed_with_errors', totalImages: 5, successful: 1, failed: 4 }))).toEqual(['error-rate']);
    // An empty run is not a failure.
    expect(rules(finishedRun({ totalImages: 0, successful: 0, failed: 0, successRate: 0 }))).toEqual([]);
  });

  it('orders several alerts by severity and honours custom limits', () => {
    const run = finishedRun({ status: 'failed', totalImages: 100, successful: 0, failed: 100, lowConfidence: 60, durationSeconds: 1000 });
    expect(rules(run)).toEqual(['batch-failed', 'low-confidence', 'slow-batch']);
    expect(
      rules(finishedRun({ failed: 6, successful: 194, lowConfidence: 11 }), { maxErrorRatePercent: 2.5, maxLowConfidence: 10 }),
    ).toEqual(['error-rate', 'low-confidence']);
    expect(evaluateBatchAlerts(finishedRun({ failed: 6, successful: 194 }), { maxErrorRatePercent: 2.5 })[0]!.message).toContain(
      '(threshold: 2.5 %)',
    );
  });

  it('a run still running raises nothing', () => {
    expect(evaluateBatchAlerts(finishedRun({ status: 'running', durationSeconds: 5000 }))).toEqual([]);
  });

  it('every draft has a title, one sentence and 2–4 actions', () => {
    const run = finishedRun({ status: 'failed', totalImages: 100, successful: 0, failed: 100, lowConfidence: 60, durationSeconds: 1000 });
    const drafts = [...evaluateBatchAlerts(run), ...evaluateBatchAlerts(finishedRun({ failed: 50, successful: 150 }))];
    for (const d of drafts) {
      expect(d.title).toMatch(/^[A-Z][^.]*$/);
      expect(d.message).toMatch(/\.$/);
      expect(d.message.slice(0, -1)).not.toMatch(/\.\s/);
      expect(d.actions.length).toBeGreaterThanOrEqual(2);
      expect(d.actions.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('no-batch rule', () => {
  const last = '2025-10-13T00:08:15.000Z';
  const after = (h: number) => new Date(Date.parse(last) + h * 3_600_000);

  it('36 hours is fine, a moment later is a warning', () => {
    expect(noBatchAlert(last, after(36))).toBeNull();
    const a = noBatchAlert(last, after(36.01));
    expect(a).toMatchObject({ rule: 'no-batch', severity: 'warning', title: 'No batch run' });
    expect(a!.message).toMatch(
      /^No batch has finished for 36\.0 hours \(threshold: 36 hours\); the last one finished at \d{4}-\d{2}-\d{2} \d{2}:\d{2}\.$/,
    );
    expect(noBatchAlert(last, after(40.5))!.message).toContain('for 40.5 hours');
  });

  it('takes a custom window, and no run at all gives nothing to measure', () => {
    expect(noBatchAlert(last, after(25), 24)?.rule).toBe('no-batch');
    expect(noBatchAlert(last, after(23), 24)).toBeNull();
    expect(noBatchAlert(null, after(1000))).toBeNull();
    expect(() => noBatchAlert('yesterday', new Date())).toThrow(RangeError);
  });
});
