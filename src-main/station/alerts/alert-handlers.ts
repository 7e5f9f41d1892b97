// The alert list's requests: the alerts, and acknowledging one.
import { StationRequestError, type StationHandlers } from '../../../src-shared/contract.ts';
import type { StationDb } from '../db/station-db.ts';

export function createAlertHandlers(db: StationDb): Pick<StationHandlers, 'listAlerts' | 'acknowledgeAlert'> {
  return {
    async listAlerts({ includeAcknowledged }) {
      return db.alerts.listAlerts(includeAcknowledged);
    },
    async acknowledgeAlert({ id, by }) {
      const alert = db.alerts.acknowledgeAlert(id, by);
      if (!alert) throw new StationRequestError('NOT_FOUND', `No alert ${id}.`);
      return alert;
    },
  };
}
