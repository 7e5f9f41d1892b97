// A station.db cut to 0 bytes, cut short, or with garbage inside is never used nor replaced
// silently: it is kept aside, the newest sound backup comes back, photos filed since are put back
// on record from their folders, and a critical alert says so. Without a sound backup the station
// refuses to start and touches nothing.
import { cp, mkdir, mkdtemp, open, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStation } from '../station.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { backupDatabase } from '../db/backup.ts';
import { DatabaseUnrecoverableError } from './open-checked-db.ts';
import type { StationDb } from '../db/station-db.ts';

let base: string;
let work: string;
let filed: string[] = [];
let backupName = '';

beforeAll(async () => {
  // A station that has run one batch: three photos filed, a backup taken, a clerk list saved.
  work = await mkdtemp(path.join(tmpdir(), 'rs-damaged-'));
  base = path.join(work, 'base');
  await mkdir(path.join(base, 'incoming'), { recursive: true });
  for (let i = 1; i <= 3; i++) {
    await writeFile(
      path.join(base, 'incoming', `return_20251013_00${i}.jpg`),
      await syntheticPhoto({ width: 320, height: 240, seed: 300 + i }),
    );
  }
  const station = await createStation({ root: base, watch: false, schedule: false });
  await station.ready;
  await station.handlers.updateSettings({ clerks: ['Ana'] });
  const finished = new Promise((r) => station.events.on('batch-finished', r));
  await station.handlers.runBatchNow({});
  await finished;
  filed = station.db.items.listItemsByBatchRun(1).map((i) => i.relPath);
  await station.close();
  backupName = (await readdir(path.join(base, 'backups')))[0]!;
  expect(filed).toHaveLength(3);
});
afterAll(() => rm(work, { recursive: true, force: true }));

let n = 0;
async function copyOfStation(): Promise<string> {
  const root = path.join(work, `case-${++n}`);
  await cp(base, root, { recursive: true });
  return root;
}

async function damagedCopies(root: string) {
  return (await readdir(root)).filter((f) => f.startsWith('station.db.damaged-'));
}

async function expectRestored(root: string, problem: RegExp) {
  const station = await createStation({ root, watch: false, schedule: false });
  try {
    await station.ready;
    expect(station.db.items.countItems()).toBe(3);
    expect((await station.handlers.getSettings({})).clerks).toEqual(['Ana']);
    const alert = station.db.alerts.listAlerts(false).find((a) => a.rule === 'database-restored')!;
    expect(alert.severity).toBe('critical');
    expect(alert.message).toMatch(problem);
    expect(alert.message).toContain(backupName);
    expect(alert.message).toMatch(/Not recovered: review decisions/);
  } finally {
    await station.close();
  }
  const aside = await damagedCopies(root);
  expect(aside.filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm'))).toHaveLength(1);
  expect(await readdir(path.join(root, 'backups'))).toContain(backupName); // copied, never moved
  return aside[0]!;
}

describe('a damaged station database', () => {
  it('cut to 0 bytes: kept aside, the backup restored, nothing lost up to it', async () => {
    const root = await copyOfStation();
    await truncate(path.join(root, 'station.db'), 0);
    const aside = await expectRestored(root, /empty/);
    expect((await stat(path.join(root, aside))).size).toBe(0);
  });

  it('cut short: restored instead of dying with SQLITE_CORRUPT', async () => {
    const root = await copyOfStation();
    const file = path.join(root, 'station.db');
    await truncate(file, Math.floor((await stat(file)).size / 2));
    await expectRestored(root, /damaged/);
  });

  it('garbage inside: found by the check, not by a half-done decision later', async () => {
    const root = await copyOfStation();
    const file = path.join(root, 'station.db');
    const size = (await stat(file)).size;
    const fh = await open(file, 'r+');
    await fh.write(Buffer.alloc(size - 8192, 0x5a), 0, size - 8192, 4096); // every page after the first
    await fh.close();
    await expectRestored(root, /damaged/);
  });

  it('missing while backups exist: restored, and photos filed after the backup are recorded from their folders', async () => {
    const root = await copyOfStation();
    await rm(path.join(root, 'station.db'));
    await mkdir(path.join(root, 'processed', 'Watches'), { recursive: true });
    await writeFile(
      path.join(root, 'processed', 'Watches', 'return_20251014_009.jpg'),
      await syntheticPhoto({ width: 320, height: 240, seed: 399 }),
    );
    const station = await createStation({ root, watch: false, schedule: false });
    try {
      await station.ready;
      const late = station.db.items.getItemByRelPath('processed/Watches/return_20251014_009.jpg')!;
      expect(late).toMatchObject({ category: 'Watches', location: 'processed', status: 'filed', returnId: 'RET-20251014-009' });
      expect(station.db.items.countItems()).toBe(4);
      expect(station.db.alerts.listAlerts(false).some((a) => a.rule === 'database-restored' && /missing/.test(a.message))).toBe(true);
    } finally {
      await station.close();
    }
  });

  it('with no sound backup: refuses to start with a clear message and changes nothing', async () => {
    const root = await copyOfStation();
    const file = path.join(root, 'station.db');
    await truncate(file, 1000);
    const before = await readFile(file);
    await writeFile(path.join(root, 'backups', backupName), ''); // the only backup is empty too
    const err = await createStation({ root, watch: false, schedule: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnrecoverableError);
    expect((err as DatabaseUnrecoverableError).exitCode).toBe(3);
    expect((err as Error).message).toMatch(/no sound backup/);
    expect(await readFile(file)).toEqual(before);
    expect(await damagedCopies(root)).toEqual([]);
  });
});

describe('backups', () => {
  it('an empty or damaged new backup never pushes a good one out', async () => {
    const dir = path.join(work, 'rotation');
    await mkdir(dir);
    await cp(path.join(base, 'backups', backupName), path.join(dir, 'station_20250101_020000.db'));
    for (const bad of ['', 'garbage that is not a database'] as const) {
      const db = { backupTo: (dest: string) => writeFile(dest, bad) } as unknown as StationDb;
      await expect(backupDatabase(db, dir, bad ? '20250103_020000' : '20250102_020000', 1)).rejects.toThrow(/not kept/);
    }
    expect(await readdir(dir)).toEqual(['station_20250101_020000.db']);
  });
});
