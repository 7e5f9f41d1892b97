// The station's settings as the desk sees them: DEFAULT_SETTINGS with every stored row that still
// passes the contract's schema on top. Writes are checked against the same schema again (this is
// the last door before the disk, whoever calls it) and by the band rules across keys.
import { SettingsPatch } from '../../../src-shared/contract.ts';
import { DEFAULT_SETTINGS, validateThresholds, type StationSettings } from '../../../src-shared/domain.ts';
import type { StationDb } from './station-db.ts';

type StoredKey = Exclude<keyof StationSettings, 'locations'>;
const STORED_KEYS = Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'locations') as StoredKey[];

/** One stored value, or undefined when it is missing or no longer valid: a bad row falls back to
 * the default instead of breaking startup. */
function readStoredValue(db: StationDb, raw: string, key: StoredKey): unknown {
  if (key === 'thresholds') return db.settings.getThresholds(); // the rule the batch worker reads them by
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const r = SettingsPatch.safeParse({ [key]: value });
  return r.success ? (r.data as Partial<StationSettings>)[key] : undefined;
}

export function readSettings(db: StationDb): StationSettings {
  const settings: StationSettings = { ...structuredClone(DEFAULT_SETTINGS), locations: db.settings.getLocations() };
  for (const [key, raw] of db.settings.getSettingRows()) {
    if (!(STORED_KEYS as string[]).includes(key)) continue; // a key from another build: keep, ignore
    const v = readStoredValue(db, raw, key as StoredKey);
    if (v !== undefined) (settings as unknown as Record<string, unknown>)[key] = v;
  }
  return settings;
}

/** Stores the keys in `patch` and returns the full settings. Rules across keys (e.g. low ≤ high)
 * are the settings screen's to explain; thresholds that break them are still refused here because
 * every band depends on them. */
export function writeSettings(db: StationDb, patch: Partial<StationSettings>): StationSettings {
  const parsed = SettingsPatch.parse(patch) as Partial<StationSettings>;
  if (parsed.thresholds) {
    const problem = validateThresholds(parsed.thresholds);
    if (problem) throw new Error(problem);
  }
  const rows = new Map<string, string>();
  for (const key of STORED_KEYS) if (parsed[key] !== undefined) rows.set(key, JSON.stringify(parsed[key]));
  return db.transaction(() => {
    db.settings.putSettingRows(rows, parsed.locations);
    return readSettings(db);
  });
}
