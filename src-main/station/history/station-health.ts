// History's "Is the station still right?" panel: its requests (the figures, clearing a drift flag),
// and one drift flag with its group's photos, asked by the panel or by the Alerts screen for a
// drift alert.
import { StationRequestError, type StationHandlers } from '../../../src-shared/contract.ts';
import type { StationDb } from '../db/station-db.ts';

export function createStationHealthHandlers(db: StationDb): Pick<StationHandlers, 'getStationHealth' | 'clearDriftFlag' | 'getDriftFlag'> {
  return {
    async getStationHealth() {
      return db.drift.stationHealth();
    },
    async clearDriftFlag({ id, clerk }) {
      const flag = db.drift.clearDriftFlag(id, clerk);
      if (!flag) throw new StationRequestError('NOT_FOUND', `No drift flag ${id}.`);
      return flag;
    },
    async getDriftFlag({ id, alertId }) {
      const flag = id !== undefined ? db.drift.getDriftFlag(id) : db.drift.flagOfAlert(alertId!);
      if (!flag)
        throw new StationRequestError('NOT_FOUND', id !== undefined ? `No drift flag ${id}.` : `No drift flag for alert ${alertId}.`);
      return db.drift.driftFlagView(flag);
    },
  };
}
