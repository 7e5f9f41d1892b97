// History's "Is the station still right?" panel: its requests (the figures, clearing a drift flag)
// and the one way the station raises a drift flag from the main thread (stored with its alert in
// one transaction, then dispatched like any other alert: event and webhook).
import { StationRequestError, type StationHandlers } from '../../../src-shared/contract.ts';
import type { DriftFlag } from '../../../src-shared/audit.ts';
import type { NewDriftFlag } from '../db/drift-queries.ts';
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

/** Raises a drift flag (db.drift.raiseFlag: the flag, its alert and the night's holds in one
 * commit) and then dispatches its alert, so the screens and the desk's webhook hear of it. */
export function raiseDriftFlag(db: StationDb, dispatchAlert: (alertId: number) => void, flag: NewDriftFlag): DriftFlag {
  const raised = db.drift.raiseFlag(flag);
  dispatchAlert(raised.alert.id);
  return raised.flag;
}
