// Tells the world about an alert that is already committed: the screens (an event) and the desk's
// chat (the webhook from the station's settings). Called only after the transaction that stored
// the alert has committed, so whoever reads it by id finds it. Used by the station (app and
// browser mode) and by `returns-station batch`, which waits for the sends before it exits.
import type { Alert } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import { readSettings } from '../db/stored-settings.ts';
import { sendWebhook, type WebhookOptions, type WebhookResult } from './webhook.ts';

export interface AlertDispatcher {
  dispatch(alertId: number): void;
  /** Resolves when every webhook send started so far has finished (they never throw). */
  settled(): Promise<void>;
}

export function createAlertDispatcher(
  db: () => StationDb,
  onAlert?: (alert: Alert) => void,
  webhook: WebhookOptions = {},
): AlertDispatcher {
  const sending = new Set<Promise<WebhookResult>>();
  return {
    dispatch(alertId) {
      const d = db();
      const alert = d.alerts.getAlert(alertId);
      if (!alert) return;
      onAlert?.(alert);
      const url = readSettings(d).webhookUrl;
      if (!url) return;
      const run = alert.batchRunId ? d.runs.getBatchRun(alert.batchRunId) : null;
      // A failing webhook never fails anything: sendWebhook does not throw.
      const p = sendWebhook(url, alert, run, webhook);
      sending.add(p);
      void p.finally(() => sending.delete(p));
    },
    async settled() {
      await Promise.all([...sending]);
    },
  };
}
