import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, type TempDb } from './test-temp-db.ts';

describe('alerts', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  it('stores, lists, counts and acknowledges alerts', () => {
    const run = t.db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule' });
    const a = t.db.alerts.insertAlert({
      rule: 'error-rate',
      severity: 'error',
      title: 'High error rate',
      message: 'Error rate is 15.5 % (threshold: 10 %).',
      actions: ['Review failed images in the log', 'Re-run the batch'],
      batchRunId: run.id,
    });
    expect(a).toEqual({
      id: a.id,
      rule: 'error-rate',
      severity: 'error',
      title: 'High error rate',
      message: 'Error rate is 15.5 % (threshold: 10 %).',
      actions: ['Review failed images in the log', 'Re-run the batch'],
      batchRunId: run.id,
      createdAt: '2025-10-13T08:00:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
    });
    t.clock.advance(1000);
    const b = t.db.alerts.insertAlert({ rule: 'no-batch', severity: 'warning', title: 'No batch run', message: 'No run in 36 hours.' });
    expect(b.actions).toEqual([]);
    expect(t.db.alerts.countUnacknowledgedAlerts()).toBe(2);
    expect(t.db.alerts.listAlerts().map((x) => x.id)).toEqual([b.id, a.id]);

    t.clock.advance(1000);
    const acked = t.db.alerts.acknowledgeAlert(a.id, 'Asha')!;
    expect(acked).toMatchObject({ acknowledgedAt: '2025-10-13T08:00:02.000Z', acknowledgedBy: 'Asha' });
    t.clock.advance(1000);
    expect(t.db.alerts.acknowledgeAlert(a.id, 'Ben')).toMatchObject({ acknowledgedBy: 'Asha', acknowledgedAt: '2025-10-13T08:00:02.000Z' });
    expect(t.db.alerts.acknowledgeAlert(999, 'Ben')).toBeNull();

    expect(t.db.alerts.countUnacknowledgedAlerts()).toBe(1);
    expect(t.db.alerts.listAlerts().map((x) => x.id)).toEqual([b.id]);
    expect(t.db.alerts.listAlerts(true).map((x) => x.id)).toEqual([b.id, a.id]);
  });

  it('refuses an unknown severity', () => {
    expect(() => t.db.alerts.insertAlert({ rule: 'slow-batch', severity: 'panic' as never, title: 'x', message: 'y' })).toThrow(/CHECK/);
  });
});
