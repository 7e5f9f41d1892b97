// The desk's categories that start from the model's kinds: what is offered for a photo, and how a
// doubted photo is answered, with and without a desk head that knows the category.
import { describe, expect, it } from 'vitest';
import type { KindGuess, KindsVocabulary } from '../../../src-shared/domain.ts';
import { applyDeskHead, type ActiveDeskHead } from './active-desk-head.ts';
import { answerWithDeskKinds, kindsOffered } from './desk-kinds.ts';

const vocab: KindsVocabulary = {
  labels: ['Tshirts', 'Trousers', 'Jeans', 'real:pants', 'real:t-shirt'],
  names: { Tshirts: 'Tshirts', Trousers: 'Trousers', Jeans: 'Jeans', 'real:pants': 'Trousers', 'real:t-shirt': 'T-shirt' },
  categories: { Tshirts: ['Tshirts'], Trousers: [], Jeans: [], 'real:pants': [], 'real:t-shirt': ['Tshirts'] },
};
const kind = (label: string, probability = 0.6): KindGuess => ({
  label,
  name: vocab.names[label]!,
  probability,
  categories: [...vocab.categories[label]!],
});

describe('kindsOffered', () => {
  it('offers a kind of no category with its namesakes, never one of the model categories or one taken', () => {
    expect(kindsOffered(kind('real:pants'), vocab, new Map())).toEqual(['real:pants', 'Trousers']);
    expect(kindsOffered(kind('Jeans'), vocab, new Map())).toEqual(['Jeans']);
    expect(kindsOffered(kind('real:t-shirt'), vocab, new Map())).toEqual([]);
    expect(kindsOffered(kind('real:pants'), vocab, new Map([['Trousers', 'Slacks']]))).toEqual(['real:pants']);
    expect(kindsOffered(kind('Trousers'), vocab, new Map([['Trousers', 'Slacks']]))).toEqual([]);
    expect(kindsOffered(null, vocab, new Map())).toEqual([]);
    expect(kindsOffered({ label: 'Capes' }, vocab, new Map())).toEqual([]);
  });
});

describe('answerWithDeskKinds', () => {
  const desk = new Map([['real:pants', 'Trousers']]);
  const top3 = [
    { category: 'Tops', confidence: 0.4 },
    { category: 'Tshirts', confidence: 0.3 },
    { category: 'Shirts', confidence: 0.1 },
  ];
  it('answers a doubted photo of a kind the desk named with its category, under the auto-approval threshold', () => {
    const a = answerWithDeskKinds({ kind: kind('real:pants', 0.97), top3 }, top3[0]!, desk, 0.85);
    expect(a?.category).toBe('Trousers');
    expect(a!.confidence).toBeLessThan(0.85);
    expect(a!.confidence).toBeGreaterThan(0.849);
    expect(a!.top3.map((g) => g.category)).toEqual(['Trousers', 'Tops', 'Tshirts']);
    expect(a!.kind.categories).toEqual(['Trousers']);
    expect(answerWithDeskKinds({ kind: kind('real:pants', 0.5), top3 }, top3[0]!, desk, 0.85)?.confidence).toBe(0.5);
  });
  it('leaves a confident base answer and a kind the desk did not name alone', () => {
    expect(answerWithDeskKinds({ kind: kind('real:pants'), top3 }, { category: 'Tops', confidence: 0.9 }, desk, 0.85)).toBeNull();
    expect(answerWithDeskKinds({ kind: kind('Jeans'), top3 }, top3[0]!, desk, 0.85)).toBeNull();
    expect(answerWithDeskKinds({ kind: null, top3 }, top3[0]!, desk, 0.85)).toBeNull();
  });
});

describe('applyDeskHead with desk kinds', () => {
  const prediction = {
    category: 'Tops',
    confidence: 0.4,
    top3: [{ category: 'Tops', confidence: 0.4 }],
    modelSha256: 'a'.repeat(64),
    kind: kind('real:pants'),
  };
  const desk = new Map([['real:pants', 'Trousers']]);
  it('answers from the kind without a head, and keeps the base model answer beside it', () => {
    const p = applyDeskHead(prediction, null, 0.85, desk);
    expect(p).toMatchObject({ category: 'Trousers', confidence: 0.6, headId: null, base: { category: 'Tops', confidence: 0.4 } });
    expect(applyDeskHead(prediction, null, 0.85)).toMatchObject({ category: 'Tops', headId: null });
  });
  it('answers from the kind while the head in use cannot name the category', () => {
    const head = {
      id: 7,
      modelSha256: 'b'.repeat(64),
      head: { classes: ['Tops'], autoCategories: [], guarded: [], guardExceptions: [] },
    } as unknown as ActiveDeskHead;
    // Another model's head does not apply at all: the kind answers, and no head is named.
    expect(applyDeskHead(prediction, head, 0.85, desk)).toMatchObject({ category: 'Trousers', headId: null });
  });
  it('leaves the answer to the head in use once it names the category', () => {
    // A head over one feature, the ten… here one logit, and the studio flag: it says Tops whatever it sees.
    const model = {
      classes: 2,
      dims: 3,
      mean: new Float32Array(3),
      invStd: new Float32Array(3).fill(1),
      weights: new Float32Array([0, 0, 0, 5, 0, 0, 0, -5]),
    };
    const active: ActiveDeskHead = {
      id: 7,
      modelSha256: prediction.modelSha256,
      head: { classes: ['Tops', 'Trousers'], model, autoCategories: [], guarded: [], guardExceptions: [] },
    };
    const withFeatures = { ...prediction, features: new Float32Array([1]), logits: [0], photoKind: 'photo' as const };
    const p = applyDeskHead(withFeatures, active, 0.85, desk);
    expect(p).toMatchObject({ category: 'Tops', headId: 7 });
    // The same head without the category: the kind answers, the head is still named as asked.
    const blind = { ...active, head: { ...active.head, classes: ['Tops', 'Shirts'] } };
    expect(applyDeskHead(withFeatures, blind, 0.85, desk)).toMatchObject({ category: 'Trousers', headId: 7 });
  });
});
