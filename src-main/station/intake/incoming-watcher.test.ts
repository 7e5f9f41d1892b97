import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

async function waitFor(cond: () => boolean, ms = 8000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(50);
  }
}

describe.each([
  ['native events', 0],
  ['polling (network share)', 100],
])('incoming watcher, %s', (_name, pollIntervalMs) => {
  it('reports a file written slowly in chunks once, and only when complete', async () => {
    const seen: { file: string; sha: string; size: number }[] = [];
    watcher = watchIncoming({
      dir,
      pollIntervalMs,
      stableMs: 400,
      onPhoto: async (file) => {
        const bytes = await readFile(file);
        seen.push({ file, sha: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
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
    await waitFor(() => seen.length > 0);
    await sleep(1000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.size).toBe(photo.length);
    expect(seen[0]!.sha).toBe(createHash('sha256').update(photo).digest('hex'));
  });

  it('ignores hidden and temporary files, and sees our atomic writes once under their final name', async () => {
    const seen: string[] = [];
    watcher = watchIncoming({ dir, pollIntervalMs, stableMs: 200, onPhoto: (f) => seen.push(path.basename(f)) });
    await watcher.ready;
    await writeFile(path.join(dir, '.hidden.jpg'), 'x');
    await writeFile(path.join(dir, 'download.jpg.crdownload'), 'x');
    await writeFile(path.join(dir, 'photo.jpg.part'), 'x');
    const name = await writeUnderFreeName(dir, 'return_20251013_002.jpg', await syntheticPhoto({ width: 320, height: 240 }));
    await waitFor(() => seen.length > 0);
    await sleep(800);
    expect(seen).toEqual([name]);
  });
});

describe('incoming watcher, closed at once', () => {
  it('settles ready when closed before its first scan ends (a pause right after start)', async () => {
    // Enough files that the first scan is still going when close() comes.
    for (let i = 0; i < 200; i++) await writeFile(path.join(dir, `f${i}.jpg`), 'x');
    const w = watchIncoming({ dir, onPhoto: () => {} });
    await w.close();
    const settled = await Promise.race([w.ready.then(() => 'ready'), sleep(3000).then(() => 'pending')]);
    expect(settled).toBe('ready');
  });
});
