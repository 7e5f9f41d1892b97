// The bench's find-a-return figure: a year of seeded history (~110,000 items) with a third of its
// returns announced (expected returns with order ids), then one return found by its return id, and
// one by its order id, through the same path the screens use — arguments parsed against the
// contract, the station's own handler — each the median of 15 timed requests (target ≤ 50 ms).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseRequest } from '../../../src-shared/contract.ts';
import type { ExpectedReturn } from '../../../src-shared/receiving-formats.ts';
import { openStationDb } from '../db/open-station-db.ts';
import type { StationDb } from '../db/station-db.ts';
import { seedHistory } from '../history/seed-history.ts';
import { createStation } from '../station.ts';

export interface FindBenchResult {
  items: number;
  announced: number;
  runs: number;
  byReturnIdMs: number;
  byOrderIdMs: number;
  partialMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** Announces every third seeded return, with an order id, as a shop's system would. */
function announce(db: StationDb): number {
  const ids = db.receiving.findReturnIds('RET-', 1_000_000).ids.filter((_, i) => i % 3 === 0);
  const rows: ExpectedReturn[] = ids.map((returnId, i) => ({
    returnId,
    orderId: `ORD-${String(500_000 + i).padStart(7, '0')}`,
    categories: ['Tshirts', 'Shirts'],
    itemText: '',
    customerRef: `C-${i}`,
  }));
  db.receiving.upsertExpectedReturns(rows, 'bench');
  return rows.length;
}

export async function benchFind(opts: { runs?: number; modelDir?: string; log?: (s: string) => void } = {}): Promise<FindBenchResult> {
  const log = opts.log ?? (() => {});
  const runs = opts.runs ?? 15;
  const root = await mkdtemp(path.join(tmpdir(), 'rs-bench-find-'));
  try {
    log(`Seeding a year of history in ${root} …`);
    const db = openStationDb(path.join(root, 'station.db'));
    const seeded = seedHistory(db, { days: 365 });
    const announced = announce(db);
    const target = db.receiving.findReturnIds('RET-', 5000).ids[4321]!;
    const order = db.receiving.getExpectedReturn(db.receiving.findReturnIds('RET-', 3).ids[0]!)?.orderId ?? 'ORD-0500000';
    db.close();
    log(`  ${seeded.items} items, ${announced} returns announced; finding ${target} and ${order}`);

    const station = await createStation({ root, modelDir: opts.modelDir, watch: false, schedule: false });
    try {
      await station.ready;
      const time = async (query: string) => {
        const request = () => station.handlers.findReturn(parseRequest('findReturn', { query }));
        for (let i = 0; i < 2; i++) await request();
        const ms: number[] = [];
        for (let i = 0; i < runs; i++) {
          const s = performance.now();
          const r = await request();
          ms.push(performance.now() - s);
          if (r.matches.length === 0) throw new Error(`findReturn found nothing for ${query}`);
        }
        return median(ms);
      };
      return {
        items: seeded.items,
        announced,
        runs,
        byReturnIdMs: await time(target),
        byOrderIdMs: await time(order),
        partialMs: await time(target.slice(4, 13)),
      };
    } finally {
      await station.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
