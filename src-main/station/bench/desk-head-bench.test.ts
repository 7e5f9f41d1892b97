import { describe, expect, it } from 'vitest';
import { benchDeskHeadFit } from './desk-head-bench.ts';

describe('desk head bench', () => {
  it('fits a seeded synthetic problem and reports its size, time and iterations', async () => {
    const lines: string[] = [];
    const r = await benchDeskHeadFit({ rows: 500, log: (s) => lines.push(s) });
    expect(r).toMatchObject({ rows: 500, dims: 395, classes: 12 });
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.singleFitSeconds).toBeGreaterThan(0);
    expect(Number.isInteger(r.iterations) && r.iterations > 0).toBe(true);
    expect(lines).toEqual(['Fitting the desk head on 500 synthetic decisions (395 inputs, 12 classes) …']);
  });
});
