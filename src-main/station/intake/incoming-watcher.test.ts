import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../test-support/eventually.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { watchIncoming, type IncomingWatcher } from './incoming-watcher.ts';
import { writeUnderFreeName } from '../fs/atomic-write.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string;
let watcher: IncomingWatcher | undefined;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(tmpdir(), 'rs-watch-')), 'incoming');
  await mkdir(dir);
});
afterEach(async () => {
  await watcher?.close();
  await rm(path.dirname(dir), { recursive: true, force: true });
});

/** Anything the watcher was going to report about files written before now has been reported
 * once a file written now is: a later file's stable moment comes after theirs. */
async function writeLaterFile(seen: () => string[]): Promise<string> {
  const name = 'return_20251013_099.jpg';
  await writeFile(path.join(dir, name), 'written after the others');
  await eventually(() => seen().includes(name), `the watcher to report ${name}`);
  return name;
}

describe.each([
  ['native events', 0],
  ['polling (network share)', 100],
])('incoming watcher, %s', (_name, pollIntervalMs) => {
  it('reports a file written slowly in chunks once, and only when complete', async () => {
    // Names as reported, and the bytes read at that moment (complete, or the test fails).
    const seen: string[] = [];
    const bytesAtReport: Promise<Buffer>[] = [];
    watcher = watchIncoming({
      dir,
      pollIntervalMs,
      stableMs: 400,
      onPhoto: (file) => {
        seen.push(path.basename(file));
        bytesAtReport.push(readFile(file));
      },
    });
    await watcher.ready;
    const photo = await syntheticPhoto({ width: 1600, height: 1200 });
    const fh = await open(path.join(dir, 'return_20251013_001.jpg'), 'w');
    const chunk = Math.ceil(photo.length / 8);
    for (let i = 0; i < photo.length; i += chunk) {
      await fh.write(photo.subarray(i, i + chunk));
      await fh.sync();
      await sleep(150); // a slow camera tool or network copy
    }
    await fh.close();
    await eventually(() => seen.length > 0, 'the photo to be reported');
    const later = await writeLaterFile(() => seen);
    expect(seen).toEqual(['return_20251013_001.jpg', later]);
    expect(
      createHash('sha256')
        .update(await bytesAtReport[0]!)
        .digest('hex'),
    ).toBe(createHash('sha256').update(photo).digest('hex'));
  });

  it('ignores hidden and temporary files, and sees our atomic writes once under their final name', async () => {
    const seen: string[] = [];
    watcher = watchIncoming({ dir, pollIntervalMs, stableMs: 200, onPhoto: (f) => seen.push(path.basename(f)) });
    await watcher.ready;
    await writeFile(path.join(dir, '.hidden.jpg'), 'x');
    await writeFile(path.join(dir, 'download.jpg.crdownload'), 'x');
    await writeFile(path.join(dir, 'photo.jpg.part'), 'x');
    const name = await writeUnderFreeName(dir, 'return_20251013_002.jpg', await syntheticPhoto({ width: 320, height: 240 }));
    await eventually(() => seen.length > 0, 'the atomic write to be reported');
    const later = await writeLaterFile(() => seen);
    expect(seen).toEqual([name, later]);
  });
});

describe('incoming watcher, closed at once', () => {
  it('settles ready when closed before its first scan ends (a pause right after start)', async () => {
    // Enough files that the first scan is still going when close() comes.
    for (let i = 0; i < 200; i++) await writeFile(path.join(dir, `f${i}.jpg`), 'x');
    const w = watchIncoming({ dir, onPhoto: () => {} });
    await w.close();
    let settled = false;
    void w.ready.then(() => (settled = true));
    await eventually(() => settled, 'ready to settle after close', 3000);
  });
});
