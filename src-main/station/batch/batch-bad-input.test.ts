// Everything a returns desk has ever dropped into incoming/: each file gets its stated outcome in
// the CSV, the summary JSON, the log and the database, and the batch finishes. Runs the real CLI in
// a child process; as root (CI) it runs as 'nobody' so that chmod 000 really makes a file unreadable.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDb } from '../db/open-station-db.ts';
import { bombPng, syntheticPhoto } from '../synthetic/synthetic-photo.ts';
import { categoryFolder } from '../filing/file-photo.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const { labels } = JSON.parse(readFileSync(path.join(repo, 'models/returns10/model.json'), 'utf8')) as { labels: string[] };
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

/** Root reads any file whatever its mode, so as root the batch runs as 'nobody' — if 'nobody' can
 * reach this checkout (a clone under /root cannot be). */
function nobodyCanRun(): boolean {
  if (!isRoot) return false;
  const r = spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(path.join(repo, 'node_modules', 'tsx', 'package.json'))})`],
    { uid: NOBODY, gid: NOBODY },
  );
  return r.status === 0;
}
const asNobody = nobodyCanRun();
if (isRoot && !asNobody)
  console.warn(
    '[bad-input] running as root and this checkout is not readable by nobody: chmod 000 cannot stop root, so locked.jpg is expected to be read',
  );

type Outcome = { status: 'success' } | { status: 'error'; error: RegExp };
const expected: Record<string, Outcome> = {};
let root: string;

async function add(name: string, bytes: Buffer | string, outcome: Outcome) {
  await writeFile(path.join(root, 'incoming', name), bytes);
  expected[name] = outcome;
}

async function chownTree(dir: string) {
  await chown(dir, NOBODY, NOBODY);
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true }))
    await chown(path.join(e.parentPath, e.name), NOBODY, NOBODY);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-bad-'));
  await mkdir(path.join(root, 'incoming'));
  const photo = (seed: number, w = 640, h = 480) => syntheticPhoto({ width: w, height: h, seed });
  const jpeg = await photo(1);
  await add('return_20251013_001.jpg', jpeg, { status: 'success' });
  await add('empty.jpg', '', { status: 'error', error: /cannot be read/i });
  await add('truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 3)), { status: 'error', error: /cannot be read/i });
  await add('notes.jpg', 'this is a text file, not a photo\n', { status: 'error', error: /cannot be read/i });
  await add(
    'png named.jpg',
    await sharp(await photo(2))
      .png()
      .toBuffer(),
    { status: 'success' },
  );
  await add(
    'one pixel.png',
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#808080' } })
      .png()
      .toBuffer(),
    { status: 'error', error: /too small/i },
  );
  await add('bomb.png', bombPng(30000, 30000), { status: 'error', error: /more than 100 MP/i });
  await add(
    'cmyk.jpg',
    await sharp(await photo(3))
      .toColourspace('cmyk')
      .jpeg()
      .toBuffer(),
    { status: 'success' },
  );
  await add(
    'sixteen bit.png',
    await sharp(await photo(4))
      .toColourspace('rgb16')
      .png()
      .toBuffer(),
    { status: 'success' },
  );
  const frames = await Promise.all([5, 6, 7].map((s) => photo(s, 200, 150)));
  await add(
    'animated.gif',
    await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer(),
    { status: 'success' },
  );
  const heic = Buffer.concat([
    Buffer.from([0, 0, 0, 24]),
    Buffer.from('ftypheic'),
    Buffer.alloc(4),
    Buffer.from('mif1heic'),
    Buffer.alloc(200, 7),
  ]);
  await add('iphone.heic', heic, { status: 'error', error: /cannot be read/i });
  await add('return_20251013_002 "quoted", spaced.jpg', await photo(8), { status: 'success' });
  await add('retour_été_ünïcødé_写真.jpg', await photo(9), { status: 'success' });
  await add(
    'locked.jpg',
    await photo(10),
    isRoot && !asNobody ? { status: 'success' } : { status: 'error', error: /EACCES|cannot be read/i },
  );
  await chmod(path.join(root, 'incoming', 'locked.jpg'), 0o000);
  // Two days, the same file name: the first is already filed from "yesterday", in every category's
  // folder, so that today's clashes wherever the model files it.
  for (const label of labels) await mkdir(path.join(root, 'processed', label), { recursive: true });
  await add('return_20251013_003.jpg', await photo(11), { status: 'success' });
  // Disappears while the batch runs (deleted by the test once the batch is waiting for the classifier).
  await add('zz vanishing.jpg', await photo(12), { status: 'error', error: /disappeared/i });
  if (asNobody) await chownTree(root);
});
afterAll(() => rm(root, { recursive: true, force: true }));

function runCli(onLine: (line: string) => void): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'src-main/cli.ts'), 'batch', '--root', root, '--progress'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody ? { uid: NOBODY, gid: NOBODY, env: { ...process.env, HOME: root } } : {}),
    });
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop()!;
      lines.forEach(onLine);
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    child.on('exit', resolve);
  });
}

describe('batch bad input', () => {
  it('gives every kind of bad file its stated outcome and finishes the batch', async () => {
    // Yesterday's batch filed a photo with the same name as one of today's.
    const yesterday = await syntheticPhoto({ width: 320, height: 240, seed: 99 });
    for (const label of labels) {
      await writeFile(path.join(root, 'processed', label, 'return_20251013_003.jpg'), yesterday);
      if (asNobody) await chown(path.join(root, 'processed', label, 'return_20251013_003.jpg'), NOBODY, NOBODY);
    }

    let deleted = false;
    const code = await runCli((line) => {
      if (!deleted && /^progress classify/.test(line)) {
        deleted = true;
        void unlink(path.join(root, 'incoming', 'zz vanishing.jpg'));
      }
    });
    expect(code).toBe(0);

    const db = openStationDb(path.join(root, 'station.db'));
    try {
      const run = db.runs.listBatchRuns(1)[0]!;
      const names = Object.keys(expected);
      expect(run.totalImages).toBe(names.length);
      // CSV: one row per file with the outcome.
      const csv = (await readFile(path.join(root, run.outputs!.csv), 'utf8')).trim().split(/\r?\n/).slice(1);
      const summary = JSON.parse(await readFile(path.join(root, run.outputs!.summary), 'utf8'));
      const log = await readFile(path.join(root, run.outputs!.log), 'utf8');
      const items = db.items.listItemsByBatchRun(run.id);
      for (const [name, outcome] of Object.entries(expected)) {
        const row = csv.find((l) => l.startsWith(name.includes(',') || name.includes('"') ? `"${name.replace(/"/g, '""')}"` : `${name},`));
        expect(row, `CSV row for ${name}`).toContain(`,${outcome.status},`);
        expect(log, `log for ${name}`).toContain(name);
        const item = items.find((i) => i.fileName === name);
        if (outcome.status === 'success') {
          expect(item?.status, name).toBe('filed');
          expect(item!.relPath).toMatch(/^processed\//);
        } else {
          expect(row).toMatch(outcome.error);
          expect(summary.errors.find((e: { filename: string }) => e.filename === name)?.error, `summary error for ${name}`).toMatch(
            outcome.error,
          );
          if (name === 'zz vanishing.jpg') {
            // Gone before or while it was read: never recorded, or recorded as failed; never filed.
            expect([undefined, 'failed'], name).toContain(item?.status);
          } else {
            expect(item?.status, name).toBe('failed');
            expect(item!.relPath, name).toMatch(/^errors\//);
            expect(await readFile(path.join(root, `${item!.relPath}.error.txt`), 'utf8')).toMatch(outcome.error);
          }
        }
      }
      // Nothing was overwritten: yesterday's photo is still there, today's got a suffix.
      for (const label of labels) expect(await readFile(path.join(root, 'processed', label, 'return_20251013_003.jpg'))).toEqual(yesterday);
      const today = items.find((i) => i.fileName === 'return_20251013_003.jpg')!;
      expect(today.relPath).toBe(`processed/${categoryFolder(today.category!)}/return_20251013_003_2.jpg`);
      expect(summary.total_processed).toBe(names.length);
      expect(summary.successful + summary.failed).toBe(names.length);
      expect(await readdir(path.join(root, 'incoming'))).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
