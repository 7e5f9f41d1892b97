import { describe, expect, it } from 'vitest';
import { benchHistory } from './history-bench.ts';

describe('history bench', () => {
  it('seeds, times the request through the station and cleans up', async () => {
    const lines: string[] = [];
    const r = await benchHistory({ days: 20, runs: 3, log: (s) => lines.push(s) });
    expect(r).toMatchObject({ days: 20, runs: 3 });
    expect(r.items).toBeGreaterThan(20 * 200);
    expect(r.minMs).toBeLessThanOrEqual(r.medianMs);
    expect(r.medianMs).toBeLessThanOrEqual(r.maxMs);
    expect(lines[0]).toMatch(/^Seeding 20 days of history in /);
  });
});
