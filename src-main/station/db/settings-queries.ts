// Settings: the code's DEFAULT_SETTINGS with whatever the desk changed stored on top, one row per
// key. Only keys the desk has set are stored, so a new default shipped with an update reaches every
// desk that never touched that setting. Warehouse locations have their own table (one row per
// category) and appear in StationSettings.locations.
import { SettingsPatch } from '../../../src-shared/contract.ts';
import {
  DEFAULT_SETTINGS,
  validateThresholds,
  type BandThresholds,
  type StationSettings,
  type WarehouseLocation,
} from '../../../src-shared/domain.ts';
import type { DbContext } from './db-context.ts';

type StoredKey = Exclude<keyof StationSettings, 'locations'>;
const STORED_KEYS = Object.keys(DEFAULT_SETTINGS).filter((k) => k !== 'locations') as StoredKey[];

/** One stored value, or undefined when it is missing or no longer valid (hand-edited, or written
 * by a build with other rules): a bad row falls back to the default instead of breaking startup. */
function readStoredValue(raw: string, key: StoredKey): unknown {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const r = SettingsPatch.safeParse({ [key]: value });
  if (!r.success) return undefined;
  const v = (r.data as Partial<StationSettings>)[key];
  if (key === 'thresholds' && validateThresholds(v as BandThresholds) !== null) return undefined;
  return v;
}

export function getLocations(ctx: DbContext): WarehouseLocation[] {
  return ctx
    .stmt('SELECT category, section, aisle FROM warehouse_locations ORDER BY category')
    .all()
    .map((r) => ({ category: r.category as string, section: r.section as string, aisle: r.aisle as string }));
}

/** Replaces the whole table: the Settings screen edits the list as one thing. */
export function setLocations(ctx: DbContext, locations: readonly WarehouseLocation[]): WarehouseLocation[] {
  return ctx.tx(() => {
    ctx.stmt('DELETE FROM warehouse_locations').run();
    const insert = ctx.stmt('INSERT INTO warehouse_locations (category, section, aisle) VALUES (?, ?, ?)');
    for (const l of locations) insert.run(l.category, l.section, l.aisle);
    return getLocations(ctx);
  });
}

export function getSettings(ctx: DbContext): StationSettings {
  const settings: StationSettings = { ...structuredClone(DEFAULT_SETTINGS), locations: getLocations(ctx) };
  for (const r of ctx.stmt('SELECT key, value FROM settings').all()) {
    const key = r.key as string;
    if (!(STORED_KEYS as string[]).includes(key)) continue; // a key from another build: keep, ignore
    const v = readStoredValue(r.value as string, key as StoredKey);
    if (v !== undefined) (settings as unknown as Record<string, unknown>)[key] = v;
  }
  return settings;
}

/** The band thresholds alone: read on every item query, so kept to one indexed lookup. */
export function getThresholds(ctx: DbContext): BandThresholds {
  const r = ctx.stmt(`SELECT value FROM settings WHERE key = 'thresholds'`).get();
  const v = r ? readStoredValue(r.value as string, 'thresholds') : undefined;
  return (v as BandThresholds | undefined) ?? { ...DEFAULT_SETTINGS.thresholds };
}

/** Stores the keys in `patch` (checked against the contract's schema again: this is the last door
 * before the disk) and returns the full settings. Rules across keys (e.g. low ≤ high) belong to the
 * settings module; thresholds that break them are still refused here because bands depend on them. */
export function updateSettings(ctx: DbContext, patch: Partial<StationSettings>): StationSettings {
  const parsed = SettingsPatch.parse(patch) as Partial<StationSettings>;
  if (parsed.thresholds) {
    const problem = validateThresholds(parsed.thresholds);
    if (problem) throw new Error(problem);
  }
  return ctx.tx(() => {
    const upsert = ctx.stmt(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    for (const key of STORED_KEYS) {
      if (parsed[key] !== undefined) upsert.run(key, JSON.stringify(parsed[key]));
    }
    if (parsed.locations) setLocations(ctx, parsed.locations);
    return getSettings(ctx);
  });
}
