// setStationRoot: the core checks and prepares the folder; only a host that can reopen the station
// (the app, browser mode) moves it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createStation, type Station } from './station.ts';

let dir: string;
let station: Station | null = null;
afterEach(async () => {
  await station?.close();
  station = null;
  await rm(dir, { recursive: true, force: true });
});

describe('setStationRoot', () => {
  it('prepares the new folder and has the host open it before replying', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rs-root-'));
    const asked: string[] = [];
    station = await createStation({ root: dir, watch: false, schedule: false, switchRoot: async (r) => void asked.push(r) });
    const next = path.join(dir, 'elsewhere');
    expect(await station.handlers.setStationRoot({ root: next })).toEqual({ root: next });
    expect(existsSync(path.join(next, 'incoming'))).toBe(true);
    // The reply comes once the host has the new folder open ("moved" means served from there).
    expect(asked).toEqual([next]);
    // The same folder again is a no-op: its reply is the moment a move would have been asked.
    expect(await station.handlers.setStationRoot({ root: dir })).toEqual({ root: dir });
    expect(asked).toEqual([next]);
  });

  it('refuses a relative path, and says so when the host cannot move the station', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rs-root-'));
    station = await createStation({ root: dir, watch: false, schedule: false });
    await expect(station.handlers.setStationRoot({ root: 'relative/x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('absolute path'),
    });
    await expect(station.handlers.setStationRoot({ root: path.join(dir, 'other') })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(station.handlers.printWindow({ printer: null })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(await station.handlers.listPrinters({})).toEqual([]);
  });
});
