// Power cuts while people review and batches run: a child process running the station core is
// killed with SIGKILL ten times while it records decisions (each moving a filed photo) and runs
// batches now. After a restart every decision's category names the folder its photo is in, every
// photo is where its row says, no move is left half done and no run is left "running".
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryFolder } from './filing/file-photo.ts';
import { createStation } from './station.ts';
import { eventually } from './test-support/eventually.ts';
import { syntheticPhoto } from './synthetic/synthetic-photo.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const child = path.join(import.meta.dirname, 'test-support', 'busy-station-child.ts');
const KILLS = 10;
let tmp: string;
let root: string;
let pool: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'rs-station-crash-'));
  root = path.join(tmp, 'station');
  pool = path.join(tmp, 'pool');
  await mkdir(path.join(root, 'incoming'), { recursive: true });
  await mkdir(pool);
  for (let i = 1; i <= 12; i++) {
    await writeFile(
      path.join(root, 'incoming', `return_20251013_${String(i).padStart(3, '0')}.jpg`),
      await syntheticPhoto({ width: 240, height: 180, seed: 700 + i }),
    );
  }
  for (let i = 1; i <= 2 * KILLS; i++) {
    await writeFile(
      path.join(pool, `return_20251014_${String(i).padStart(3, '0')}.jpg`),
      await syntheticPhoto({ width: 240, height: 180, seed: 800 + i }),
    );
  }
  // The first batch files the photos the decisions will move.
  const station = await createStation({ root, watch: false, schedule: false });
  await station.ready;
  const finished = new Promise((r) => station.events.on('batch-finished', r));
  await station.handlers.runBatchNow({});
  await finished;
  await station.close();
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Runs the busy station until it has printed `steps` step lines after 'ready', then SIGKILLs it. */
function runAndKill(steps: number, firstPool: number, seed: number): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, root, pool, String(firstPool), String(seed)], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let seen = -1; // 'step ready' is the first line
    let last = 'no step';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.startsWith('step ')) continue;
        seen++;
        last = line;
        if (seen >= steps) p.kill('SIGKILL');
      }
    });
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code, signal) => resolve(signal === 'SIGKILL' ? `killed after "${last}"` : `exited ${code}: ${stderr.slice(-500)}`));
  });
}

describe('station crash safety', () => {
  it(`survives ${KILLS} SIGKILLs during decisions and run-now batches`, async () => {
    let s = 20251014;
    const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const outcomes: string[] = [];
    for (let k = 0; k < KILLS; k++) outcomes.push(await runAndKill(2 + Math.floor(rand() * 12), 2 * k, 1000 + k));
    console.log(`[station crash test] ${outcomes.join(' | ')}`);
    expect(outcomes.every((o) => o.startsWith('killed'))).toBe(true);

    const station = await createStation({ root, watch: false, schedule: true });
    try {
      await station.ready;
      // An interrupted run is resumed at start (catch-up): wait for it to end.
      await eventually(
        async () => station.db.runs.runningBatchRuns().length === 0 && !(await station.handlers.getStatus({})).batch,
        'the resumed run to end',
        60_000,
      );
      expect(station.db.runs.listBatchRuns(100).filter((r) => r.status === 'running')).toEqual([]);
      expect(station.db.moves.pendingMoves()).toEqual([]);
      const decisions = station.db.review.recentDecisions(100).filter((d) => d.undoneAt === null);
      expect(decisions.length).toBeGreaterThan(KILLS);
      const latest = new Map<number, string>();
      for (const d of decisions) if (!latest.has(d.itemId)) latest.set(d.itemId, d.category!);
      for (const [itemId, category] of latest) {
        const item = station.db.items.getItem(itemId)!;
        expect(item.category, `item ${itemId}`).toBe(category);
        expect(item.relPath.split('/')[1], `item ${itemId} at ${item.relPath}`).toBe(categoryFolder(category));
      }
      // Every filed photo is where its row says, and each file has one row.
      const files = (await readdir(path.join(root, 'processed'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
      for (const f of files) {
        const rel = path.relative(root, path.join(f.parentPath, f.name)).split(path.sep).join('/');
        expect(station.db.items.getItemByRelPath(rel), rel).not.toBeNull();
      }
      const rows = station.db.runs
        .listBatchRuns(100)
        .flatMap((r) => station.db.items.listItemsByBatchRun(r.id))
        .filter((i) => i.location === 'processed');
      for (const item of rows) expect((await stat(path.join(root, ...item.relPath.split('/')))).isFile()).toBe(true);
      expect(files.length).toBe(rows.length);
    } finally {
      await station.close();
    }
  }, 240_000);
});
