// A committed alert reaches the screens (the callback) and the desk's webhook from the settings;
// the "no batch" alert is raised once while it stays open.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-shared/domain.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { writeSettings } from '../db/stored-settings.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.ts';
import { createAlertDispatcher } from './alert-dispatch.ts';
import { raiseNoBatchAlert } from './no-batch-alert.ts';

let t: TempDb;
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.close());
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

describe('alert dispatch', () => {
  it('shows a stored alert and posts it to the saved webhook; an unknown id does nothing', async () => {
    writeSettings(t.db, { webhookUrl: receiver.url });
    const shown: Alert[] = [];
    const alerts = createAlertDispatcher(
      () => t.db,
      (a) => shown.push(a),
    );
    const stored = t.db.alerts.insertAlert({
      rule: 'error-rate',
      severity: 'error',
      title: 'High error rate',
      message: 'Error rate is 50 %.',
      actions: [],
      batchRunId: null,
    });
    const before = receiver.bodies.length;
    alerts.dispatch(stored.id + 1);
    alerts.dispatch(stored.id);
    await alerts.settled();
    expect(shown.map((a) => a.id)).toEqual([stored.id]);
    expect(receiver.bodies.slice(before).map((b) => b.text)).toEqual([expect.stringContaining('High error rate')]);
  });

  it('raises "no batch" when the last finished batch is too old, and not again while it is open', () => {
    const raised: number[] = [];
    raiseNoBatchAlert(t.db, t.clock.now(), (id) => raised.push(id));
    expect(raised).toEqual([]); // no batch ever finished: nothing to measure from
    const run = t.db.runs.startBatchRun({ timestamp: '20251013_080000', trigger: 'manual' });
    t.db.runs.finishBatchRun(run.id, { status: 'completed', totalImages: 0, successful: 0, failed: 0 });
    const threeDaysLater = new Date(t.clock.now().getTime() + 72 * 3_600_000);
    raiseNoBatchAlert(t.db, threeDaysLater, (id) => raised.push(id));
    raiseNoBatchAlert(t.db, threeDaysLater, (id) => raised.push(id));
    expect(raised).toHaveLength(1);
    expect(t.db.alerts.getAlert(raised[0] ?? -1)?.rule).toBe('no-batch');
  });
});
