import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom().shuffled', () => {
  it('gives a permutation of its input, the same one for the same seed, and leaves the input alone', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const a = seededRandom(7).shuffled(xs);
    expect([...a].sort((x, y) => x - y)).toEqual(xs);
    expect(a).not.toEqual(xs);
    expect(seededRandom(7).shuffled(xs)).toEqual(a);
    expect(seededRandom(8).shuffled(xs)).not.toEqual(a);
    expect(xs[0]).toBe(0);
  });
});
