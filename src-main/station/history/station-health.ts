// History's "Is the station still right?" panel: its requests (the figures, clearing a drift flag).
import { StationRequestError, type StationHandlers } from '../../../src-shared/contract.ts';
import type { StationDb } from '../db/station-db.ts';

export function createStationHealthHandlers(db: StationDb): Pick<StationHandlers, 'getStationHealth' | 'clearDriftFlag'> {
  return {
    async getStationHealth() {
      return db.drift.stationHealth();
    },
    async clearDriftFlag({ id, clerk }) {
      const flag = db.drift.clearDriftFlag(id, clerk);
      if (!flag) throw new StationRequestError('NOT_FOUND', `No drift flag ${id}.`);
      return flag;
    },
  };
}
