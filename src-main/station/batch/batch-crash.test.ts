// Power cuts and crashes mid-batch: the batch runs in a child process (`returns-station batch`)
// that is killed with SIGKILL at random moments in every phase and restarted each time. Afterwards
// every photo must be in exactly one place with its bytes unchanged, every row must match its file,
// the database must be sound, and the run's outputs must be complete.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationDb } from '../db/open-station-db.ts';
import { syntheticPhoto } from '../synthetic/synthetic-photo.ts';

const repo = path.resolve(import.meta.dirname, '../../..');
const PHOTOS = 200;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let root: string;
const original = new Map<string, string>(); // sha256 → original name
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'rs-crash-'));
  await mkdir(path.join(root, 'incoming'));
  for (let i = 1; i <= PHOTOS; i++) {
    const bytes = await syntheticPhoto({ width: 480, height: 360, seed: 1000 + i });
    const name = `return_20251013_${String(i).padStart(3, '0')}.jpg`;
    await writeFile(path.join(root, 'incoming', name), bytes);
    original.set(sha(bytes), name);
  }
  expect(original.size).toBe(PHOTOS);
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs the batch CLI; with `killWhen`, SIGKILLs it the moment a progress line satisfies it. */
function runBatch(
  killWhen?: (phase: string, done: number) => boolean,
): Promise<{ code: number | null; signal: string | null; lines: string[]; killedAt: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repo, 'src-main/cli.ts'), 'batch', '--root', root, '--progress'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    // The line the kill was sent on: later lines of the same chunk were printed before it landed.
    let killedAt: string | null = null;
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        lines.push(line);
        const m = /^progress (\w+) (\d+)\/(\d+)/.exec(line);
        if (killedAt === null && m && killWhen?.(m[1]!, Number(m[2]))) {
          killedAt = line;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.on('data', (d: Buffer) => lines.push(`stderr: ${d}`));
    child.on('exit', (code, signal) => resolve({ code, signal, lines, killedAt }));
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('batch crash safety', () => {
  it('survives SIGKILL at random moments in every phase and finishes the run exactly once', async () => {
    // A seeded generator: the same kill moments on every machine, but spread over the phases.
    let s = 20251013;
    const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const kills: string[] = [];
    // "classify": the batch is waiting for a chunk's classifications (more are being decoded);
    // "file": a photo has just been moved into place, and the rest of its chunk is being moved.
    const plan: ((phase: string, done: number) => boolean)[] = [
      (p) => p === 'scan', // before anything was filed
      ...['classify', 'file', 'file', 'classify', 'file', 'file', 'classify', 'file', 'file'].map((phase) => {
        let target = -1;
        return (p: string, done: number) => {
          if (p !== phase) return false;
          if (target < 0) target = done + 1 + Math.floor(rand() * 25); // a few photos into this restart
          return done >= target;
        };
      }),
      (p) => p === 'report', // while the results are being written
    ];
    for (const killWhen of plan) {
      const r = await runBatch(killWhen);
      kills.push(r.signal === 'SIGKILL' ? (r.killedAt ?? 'before progress') : `finished (${r.code})`);
    }
    const killed = kills.filter((k) => !k.startsWith('finished'));
    console.log(`[crash test] kills: ${kills.join(' | ')}`);
    expect(killed.length).toBeGreaterThanOrEqual(10);
    expect(killed.some((k) => k.startsWith('progress scan'))).toBe(true);
    expect(killed.some((k) => k.startsWith('progress classify'))).toBe(true);
    expect(killed.some((k) => k.startsWith('progress file'))).toBe(true);
    expect(killed.some((k) => k.startsWith('progress report'))).toBe(true);

    const last = await runBatch();
    expect(last.code, last.lines.join('\n')).toBe(0);

    // Every photo in exactly one place, bytes unchanged.
    const photos = [
      ...(await filesUnder(path.join(root, 'incoming'))),
      ...(await filesUnder(path.join(root, 'processed'))),
      ...(await filesUnder(path.join(root, 'errors'))),
    ].filter((f) => !f.endsWith('.error.txt'));
    const found = new Map<string, string>();
    for (const f of photos) {
      const h = sha(await readFile(path.join(root, f)));
      expect(found.has(h), `${f} duplicates ${found.get(h)}`).toBe(false);
      found.set(h, f);
    }
    expect([...found.keys()].sort()).toEqual([...original.keys()].sort());
    expect(photos.every((f) => f.startsWith('processed/'))).toBe(true);

    const db = openStationDb(path.join(root, 'station.db'));
    try {
      expect(db.integrityCheck()).toEqual(['ok']);
      expect(db.moves.pendingMoves()).toEqual([]);
      // Every row matches its file, and every file has its row.
      const runs = db.runs.listBatchRuns(100);
      const withPhotos = runs.filter((r) => r.totalImages > 0);
      expect(withPhotos).toHaveLength(1);
      const run = withPhotos[0]!;
      expect(run.status).toBe('completed');
      expect([run.totalImages, run.successful, run.failed]).toEqual([PHOTOS, PHOTOS, 0]);
      const items = db.items.listItemsByBatchRun(run.id);
      expect(items).toHaveLength(PHOTOS);
      for (const item of items) {
        expect(found.get(item.sha256!)).toBe(item.relPath);
        expect(original.get(item.sha256!)).toBe(item.fileName);
        expect(item.status).toBe('filed');
      }
      // The run's outputs are complete.
      const csv = (await readFile(path.join(root, run.outputs!.csv), 'utf8')).trim().split(/\r?\n/);
      expect(csv).toHaveLength(PHOTOS + 1);
      expect(new Set(csv.slice(1).map((l) => l.split(',')[0])).size).toBe(PHOTOS);
      const summary = JSON.parse(await readFile(path.join(root, run.outputs!.summary), 'utf8'));
      expect(summary).toMatchObject({ total_processed: PHOTOS, successful: PHOTOS, failed: 0 });
      const html = await readFile(path.join(root, run.outputs!.report), 'utf8');
      expect(html).toContain('</html>');
      const log = await readFile(path.join(root, run.outputs!.log), 'utf8');
      expect(log).toContain('BATCH PROCESSING RESUMED');
      expect(log).toContain(`Total processed: ${PHOTOS}`);
    } finally {
      db.close();
    }
  }, 300_000);
});
