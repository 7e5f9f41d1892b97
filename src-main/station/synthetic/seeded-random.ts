// A small seeded PRNG (mulberry32) with the draws the synthetic history needs: the same seed gives
// the same history, run after run and machine after machine.
export type SeededRandom = ReturnType<typeof seededRandom>;

export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => lo + Math.floor((hi - lo + 1) * next()),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    /** A shuffled copy (Fisher–Yates, from the last place down). */
    shuffled: <T>(xs: readonly T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    weighted: <T>(xs: readonly T[], ws: readonly number[]): T => {
      let u = next() * ws.reduce((s, w) => s + w, 0);
      for (let i = 0; i < xs.length; i++) if ((u -= ws[i]!) < 0) return xs[i]!;
      return xs[xs.length - 1]!;
    },
  };
}
