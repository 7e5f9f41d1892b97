// The replay behind `npm run eval --adapt-from`, on photos as the head sees them: decisions are taken
// as a desk would (reviewed photos only, Other for a kind of none, the new category for its kind),
// the head is refitted at each curve point with the app's code, and the curve rises.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES, type KindGuess, type KindsVocabulary } from '../../../src-shared/domain.ts';
import { baseLogits, lookFeatures } from '../test-support/desk-examples.ts';
import { roundTripFeatures } from '../db/features-codec.ts';
import { parseCurve, parseNewCategories, replayCurve, type ReplayPhotos, type ScoredPhoto } from './replay-eval.ts';

const labels = [...DEFAULT_CATEGORIES];
const extended = [...labels, 'Trousers'];
// Three kinds: shirts (the base model is unsure of them), pants (the new category), dresses (none).
const kinds = [
  { kind: 'shirt', look: 0, acceptable: [labels.indexOf('Shirts')] },
  { kind: 'pants', look: 1, acceptable: [extended.indexOf('Trousers')] },
  { kind: 'dress', look: 2, acceptable: [] },
];

/** The model's kinds for these photos: its reading of trousers has no category of the ten. */
const vocab: KindsVocabulary = {
  labels: ['real:shirt', 'real:pants', 'Jeans', 'real:dress'],
  names: { 'real:shirt': 'Shirt', 'real:pants': 'Trousers', Jeans: 'Jeans', 'real:dress': 'Dress' },
  categories: { 'real:shirt': ['Shirts'], 'real:pants': [], Jeans: [], 'real:dress': [] },
};
const kindOf = (label: string): KindGuess => ({
  label,
  name: vocab.names[label]!,
  probability: 0.7,
  categories: [...vocab.categories[label]!],
});

/** `misread`: the model reads the first photos of pants as jeans (the offer is then wrong). */
function photos(n: number, offset: number, sure = 0, misread = 0): ScoredPhoto[] {
  return Array.from({ length: n }, (_, i) => {
    const k = kinds[i % 3]!;
    // Every `sure`-th shirt the base model gets right and auto-approves.
    const known = sure > 0 && k.kind === 'shirt' && i % (3 * sure) === 0;
    const base = known ? { category: 'Shirts', confidence: 0.95 } : { category: 'Tops', confidence: 0.4 };
    return {
      photo: { file: `${k.kind}/${offset + i}.jpg`, truth: k.acceptable[0] ?? -1, kind: k.kind, acceptable: k.acceptable },
      features: roundTripFeatures(lookFeatures(k.look, offset + i)),
      logits: Float32Array.from(baseLogits(base.category)),
      photoKind: 'photo',
      base,
      kind: kindOf(k.kind === 'pants' ? (i < misread ? 'Jeans' : 'real:pants') : `real:${k.kind}`),
    };
  });
}

const data: ReplayPhotos = { labels, extended, kinds: vocab, train: photos(400, 0, 4), val: photos(90, 10_000) };
const opts = { adaptFrom: ['train'], data: ['val'], labelMap: {}, newCategories: { pants: 'Trousers' }, seed: 3, high: 0.85 };

describe('replay of morning decisions', () => {
  it('rises from the base model to a head that knows the new category, on reviewed photos only', () => {
    const r = replayCurve(data, { ...opts, curve: [0, 30, 240], reviewAll: false });
    expect(r.points.map((p) => p.decisions)).toEqual([0, 30, 240]);
    const [start, , end] = r.points as [(typeof r.points)[0], unknown, (typeof r.points)[0]];
    expect(start.fit).toBeNull();
    expect(start.newCategoryRecall).toEqual({ Trousers: 0 });
    expect(end.fit?.accepted).toBe(true);
    expect(end.headInUse).toBe(true);
    expect(end.accuracy).toBeGreaterThan(start.accuracy + 0.5);
    expect(end.newCategoryRecall.Trousers).toBeGreaterThan(0.9);
    expect(end.wrongAutoApproved).toBe(0);
    // The auto-approved shirts were passed over: more photos seen than decisions taken.
    expect(r.photosSeen).toBeGreaterThan(240);
  });

  it('with reviewAll every photo seen is a decision', () => {
    const r = replayCurve(data, { ...opts, curve: [0, 120], reviewAll: true });
    expect(r.photosSeen).toBe(120);
  });

  it('says when the folder runs out of photos to review', () => {
    const lines: string[] = [];
    const r = replayCurve(data, { ...opts, curve: [0, 5000], reviewAll: true, log: (l) => lines.push(l) });
    expect(r.points.map((p) => p.decisions)).toEqual([0]);
    expect(lines.at(-1)).toMatch(/ran out of photos to review after 400 decisions/);
  });

  it("takes the model's kind for a new category when it is the photo's, and the category is known from its first decision", () => {
    const r = replayCurve(data, { ...opts, curve: [0, 5], reviewAll: true });
    expect(r.kindOffers).toEqual([{ category: 'Trousers', decisions: expect.any(Number), offered: ['real:pants'], taken: true }]);
    // Five decisions: no head yet, but every photo of trousers is answered Trousers, for a person to confirm.
    const after = r.points[1]!;
    expect(after.headInUse).toBe(false);
    expect(after.newCategoryRecall.Trousers).toBe(1);
    expect(after.wrongAutoApproved).toBe(0);
    expect(after.reviewLoad).toBe(1);
  });

  it('declines an offer that names another kind, and every offer when told to', () => {
    const misread: ReplayPhotos = { ...data, train: photos(400, 0, 4, 400) };
    const r = replayCurve(misread, { ...opts, curve: [0, 5], reviewAll: true });
    expect(r.kindOffers).toEqual([{ category: 'Trousers', decisions: expect.any(Number), offered: ['Jeans'], taken: false }]);
    expect(r.points[1]!.newCategoryRecall.Trousers).toBe(0);
    const off = replayCurve(data, { ...opts, curve: [0, 5], reviewAll: true, kindOffers: false });
    expect(off.kindOffers[0]).toMatchObject({ offered: ['real:pants'], taken: false });
    expect(off.points[1]!.newCategoryRecall.Trousers).toBe(0);
  });

  it('checks its arguments', () => {
    expect(parseCurve('0,50,100')).toEqual([0, 50, 100]);
    expect(() => parseCurve('0,100,50')).toThrow(/ascending/);
    expect(() => parseCurve('a')).toThrow(/ascending/);
    const map = { pants: [], shirt: ['Shirts'] };
    expect(parseNewCategories(['pants=Trousers'], map, labels)).toEqual({ pants: 'Trousers' });
    expect(() => parseNewCategories(['pants'], map, labels)).toThrow(/KIND=Name/);
    expect(() => parseNewCategories(['hats=Hats'], map, labels)).toThrow(/not a kind/);
    expect(() => parseNewCategories(['pants=Shirts'], map, labels)).toThrow(/not new/);
  });
});
