// Settings rows: one JSON value per key the desk changed, stored on top of the code's
// DEFAULT_SETTINGS (so a new default shipped with an update reaches every desk that never touched
// that setting). Warehouse locations have their own table, one row per category.
//
// This file stores and reads rows; checking whole settings against the contract's schema is
// station/db/stored-settings.ts's job. The split keeps zod out of the batch worker, which
// opens its own connection and needs only the band thresholds: importing zod cost about 80 ms of
// every run's start on the desk's 2-core machine.
import { DEFAULT_SETTINGS, validateThresholds, type BandThresholds, type WarehouseLocation } from '../../../src-shared/domain.ts';
import type { DbContext } from './db-context.ts';

/** key → stored JSON text, for every key the desk has set (including keys from other builds). */
export function getSettingRows(ctx: DbContext): Map<string, string> {
  return new Map(
    ctx
      .stmt('SELECT key, value FROM settings')
      .all()
      .map((r) => [r.key as string, r.value as string]),
  );
}

/** Upserts the given rows (already validated by the caller) and, when given, replaces the warehouse
 * locations, in one transaction. */
export function putSettingRows(ctx: DbContext, rows: ReadonlyMap<string, string>, locations?: readonly WarehouseLocation[]): void {
  ctx.tx(() => {
    const upsert = ctx.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    for (const [key, value] of rows) upsert.run(key, value);
    if (locations) setLocations(ctx, locations);
  });
}

/** A stored thresholds value, or undefined when it is not valid JSON, not two numbers, or breaks the
 * band rules (hand-edited, or written by a build with other rules): the default applies then. */
export function parseStoredThresholds(raw: string): BandThresholds | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const { high, low } = v as Record<string, unknown>;
  if (typeof high !== 'number' || typeof low !== 'number') return undefined;
  const t = { high, low };
  return validateThresholds(t) === null ? t : undefined;
}

/** The band thresholds alone: read on every item query, so kept to one indexed lookup. */
export function getThresholds(ctx: DbContext): BandThresholds {
  const r = ctx.stmt(`SELECT value FROM settings WHERE key = 'thresholds'`).get();
  return (r && parseStoredThresholds(r.value as string)) || { ...DEFAULT_SETTINGS.thresholds };
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
