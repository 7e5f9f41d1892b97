// The bench's history figure: a year of seeded history (~110,000 items) in a temp station, then the
// 365-day History request timed through the same path the screens use — arguments parsed against
// the contract, the station's own handler — and the median reported (target: under 150 ms).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseRequest } from '../../../src-shared/contract.ts';
import { openStationDb } from '../db/open-station-db.ts';
import { seedHistory } from '../history/seed-history.ts';
import { createStation } from '../station.ts';

export interface HistoryBenchResult {
  days: number;
  items: number;
  /** Timed requests (after two untimed warm-ups). */
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  seedSeconds: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function benchHistory(
  opts: { days?: number; runs?: number; modelDir?: string; log?: (s: string) => void } = {},
): Promise<HistoryBenchResult> {
  const log = opts.log ?? (() => {});
  const days = opts.days ?? 365;
  const runs = opts.runs ?? 15;
  const root = await mkdtemp(path.join(tmpdir(), 'rs-bench-history-'));
  try {
    log(`Seeding ${days} days of history in ${root} …`);
    const t0 = performance.now();
    const db = openStationDb(path.join(root, 'station.db'));
    const seeded = seedHistory(db, { days });
    db.close();
    const seedSeconds = (performance.now() - t0) / 1000;
    log(`  ${seeded.items} items, ${seeded.runs} runs, ${seeded.alerts} alerts in ${seedSeconds.toFixed(1)} s`);

    const station = await createStation({ root, modelDir: opts.modelDir, watch: false, schedule: false });
    try {
      await station.ready;
      await station.handlers.getStatus({}); // lets the classifier finish loading before timing starts
      const request = () => station.handlers.history(parseRequest('history', { from: seeded.from, to: seeded.to }));
      for (let i = 0; i < 2; i++) await request();
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const s = performance.now();
        const report = await request();
        ms.push(performance.now() - s);
        if (report.days.length !== days) throw new Error(`history returned ${report.days.length} days, expected ${days}`);
      }
      return { days, items: seeded.items, runs, medianMs: median(ms), minMs: Math.min(...ms), maxMs: Math.max(...ms), seedSeconds };
    } finally {
      await station.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
