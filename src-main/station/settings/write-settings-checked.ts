// writeSettings for a request: every refusal becomes a BAD_REQUEST that names the field, never a
// raw schema or SQLite message.
import { ZodError } from 'zod';
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { StationSettings } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import { writeSettings } from '../db/stored-settings.ts';

export function writeSettingsChecked(db: StationDb, patch: Partial<StationSettings>): StationSettings {
  try {
    return writeSettings(db, patch);
  } catch (e) {
    if (e instanceof ZodError) {
      const i = e.issues[0];
      throw new StationRequestError('BAD_REQUEST', `updateSettings: ${i?.path.join('.') || 'settings'}: ${i?.message}`);
    }
    const message = (e as Error).message;
    if (/UNIQUE constraint failed: warehouse_locations/.test(message)) {
      throw new StationRequestError('BAD_REQUEST', 'updateSettings: locations: each category may have one location only.');
    }
    if (patch.thresholds) throw new StationRequestError('BAD_REQUEST', `updateSettings: thresholds: ${message}`);
    throw e;
  }
}
