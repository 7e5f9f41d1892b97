// Test support: real SQLite files in a fresh temp folder, and a clock the test moves by hand.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStationDb } from './open-station-db.ts';
import type { StationDb } from './station-db.ts';

export interface ManualClock {
  now: () => Date;
  set(iso: string | Date): void;
  advance(ms: number): void;
}

export function manualClock(start: string | Date = '2025-10-13T08:00:00.000Z'): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso) => void (t = new Date(iso).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export interface TempDb {
  dir: string;
  file: string;
  clock: ManualClock;
  db: StationDb;
  reopen(): StationDb;
  cleanup(): void;
}

/** Opens station.db in a new temp folder. cleanup() closes it and removes the folder. */
export function openTempDb(): TempDb {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'station-db-'));
  const file = path.join(dir, 'station.db');
  const clock = manualClock();
  const t: TempDb = {
    dir,
    file,
    clock,
    db: openStationDb(file, { clock: clock.now }),
    reopen() {
      t.db.close();
      t.db = openStationDb(file, { clock: clock.now });
      return t.db;
    },
    cleanup() {
      t.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return t;
}

/** A sha256 that differs per seed, like the hash of a photo's bytes. */
export function shaOf(seed: string | number): string {
  return createHash('sha256').update(String(seed)).digest('hex');
}

/** An ISO UTC time for a LOCAL wall-clock moment, whatever the machine's zone. */
export function localIso(y: number, m: number, d: number, hh = 12, mm = 0): string {
  return new Date(y, m - 1, d, hh, mm).toISOString();
}
