// A station folder must be on a real, writable disk. Kernel views (/proc, /sys, /dev) are refused at
// once: a recursive mkdir under /proc never returned and kept two threads spinning.
import { mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareStationFolder } from './station-folder.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-folder-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const refusal = (dir: string) =>
  prepareStationFolder(dir).then(
    () => 'accepted',
    (e: Error & { code?: string }) => `${e.code}: ${e.message}`,
  );

describe.skipIf(process.platform === 'win32')('station folder on a real disk', () => {
  it('refuses /proc, /sys and /dev at once, creating nothing', async () => {
    // /dev/shm first: a regression there fails fast, before /proc could hang.
    expect(await refusal('/dev/shm/returns-station/a')).toMatch(/^BAD_REQUEST: .*system folder/);
    expect(await stat('/dev/shm/returns-station').catch(() => null)).toBeNull();
    expect(await refusal('/sys/returns-station')).toMatch(/^BAD_REQUEST: .*system folder/);
    expect(await refusal('/proc/returns-station/a')).toMatch(
      /^BAD_REQUEST: Cannot use \/proc\/returns-station\/a as a station folder \(a system folder, not a disk\)/,
    );
  });

  it('refuses a path that leads into /proc through a link', async () => {
    await symlink('/proc/self', path.join(tmp, 'to-proc'));
    expect(await refusal(path.join(tmp, 'to-proc', 'station'))).toMatch(/^BAD_REQUEST: .*leads into \/proc/);
  });

  it('creates a new nested folder level by level, with the station layout', async () => {
    const dir = path.join(tmp, 'a', 'b', 'c');
    expect(await prepareStationFolder(dir)).toBe(dir);
    for (const sub of ['incoming', 'processed', 'errors', 'results', 'logs', 'backups'])
      expect((await stat(path.join(dir, sub))).isDirectory()).toBe(true);
  });
});
