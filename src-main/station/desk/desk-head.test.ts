// The desk head's rule: fitted on the older decisions, judged on the newest, used only when it beats
// the base model; labels that contradict the photos are refused.
import { describe, expect, it } from 'vitest';
import { answersNeeded, clopperPearsonUpper, MIN_GUARD_EXCEPTION_RIGHT, OTHER_CATEGORY } from '../../../src-shared/desk-learning.ts';
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { seededRandom } from '../synthetic/seeded-random.ts';
import { deskExample, lookFeatures, baseLogits } from '../test-support/desk-examples.ts';
import {
  answerWithHead,
  autoEvidence,
  earned,
  fitDeskHead,
  headInput,
  MIN_DECISIONS,
  predictWithHead,
  provenMoves,
  type DeskExample,
} from './desk-head.ts';

const labels = DEFAULT_CATEGORIES;
const unsure = { category: 'Tops', confidence: 0.4 };

/** n decisions cycling through the given (look, label) pairs; the base model says Tops to all. */
function decisions(n: number, kinds: [number, string][]): DeskExample[] {
  return Array.from({ length: n }, (_, i) => deskExample(i + 1, kinds[i % kinds.length]![0], kinds[i % kinds.length]![1], unsure));
}

describe('desk head', () => {
  it('asks for enough decisions before fitting', () => {
    expect(fitDeskHead(decisions(MIN_DECISIONS - 1, [[0, 'Shirts']]), { labels, high: 0.85 })).toEqual({
      problem: expect.stringContaining(`at least ${MIN_DECISIONS}`),
    });
  });

  it('learns looks the base model gets wrong, and a new category once it has 20 decisions', () => {
    const fit = fitDeskHead(
      decisions(150, [
        [0, 'Shirts'],
        [1, 'Trousers'],
        [2, 'Watches'],
      ]),
      { labels, high: 0.85 },
    );
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.accepted).toBe(true);
    expect(fit.reason).toMatch(/^Used: /);
    expect(fit.head.classes).toEqual([...labels, 'Trousers']);
    expect(fit.checkAccuracy).toBe(1);
    expect(fit.baseCheckAccuracy).toBe(0);
    expect([fit.examples, fit.checkExamples]).toEqual([120, 30]);
    const answer = predictWithHead(fit.head, headInput(lookFeatures(1, 9999), baseLogits('Tops'), 'photo'));
    expect(answer.category).toBe('Trousers');
  });

  it('is refused when the decisions contradict the photos (labels shuffled), and the base model stays', () => {
    const rng = seededRandom(7);
    const right = decisions(200, [
      [0, 'Shirts'],
      [1, 'Heels'],
      [2, 'Watches'],
      [3, 'Tops'],
    ]);
    const shuffled = right.map((e) => e.label).sort(() => rng.next() - 0.5);
    const contradicting = right.map((e, i) => ({ ...e, label: shuffled[i]! }));
    const fit = fitDeskHead(contradicting, { labels, high: 0.85 });
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.accepted).toBe(false);
    expect(fit.reason).toMatch(/^Not used: /);
  });

  it('is refused when it would auto-approve more photos wrongly than the base model, however right it is', () => {
    // The check (newest 500 of 2,500): 497 photos of look 1 it gets right and the base model does not,
    // and 3 of look 0 that people now call Kurtas, which the head, with 1,000 right answers on Shirts
    // out of fold (proof enough despite the 3), auto-approves as Shirts.
    const older = decisions(2000, [
      [0, 'Shirts'],
      [1, 'Heels'],
    ]);
    const check = Array.from({ length: 500 }, (_, i) => deskExample(2001 + i, i < 3 ? 0 : 1, i < 3 ? 'Kurtas' : 'Heels', unsure));
    const fit = fitDeskHead([...older, ...check], { labels, high: 0.85 });
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.autoCategories).toContain('Shirts');
    expect(fit.checkAccuracy).toBeGreaterThan(fit.baseCheckAccuracy);
    expect([fit.checkWrongAuto, fit.baseCheckWrongAuto]).toEqual([3, 0]);
    expect(fit.accepted).toBe(false);
    expect(fit.reason).toMatch(/would auto-approve 3 of the 500 newest decisions into a wrong category, the base model 0/);
  });

  it('auto-approves photos the base model doubted only in a category its out-of-fold answers prove', () => {
    const kinds: [number, string][] = [
      [0, 'Shirts'],
      [1, 'Heels'],
    ];
    const doubted = {
      features: lookFeatures(1, 8888),
      logits: Float32Array.from(baseLogits('Tops')),
      photoKind: 'photo' as const,
      base: unsure,
    };
    // 100 decisions: 40 Heels answered out of fold and 10 on the check, far from the 299 needed.
    const few = fitDeskHead(decisions(100, kinds), { labels, high: 0.85 });
    if ('problem' in few) throw new Error(few.problem);
    expect([few.accepted, few.autoApprovesDoubted, few.autoCategories]).toEqual([true, false, []]);
    expect(few.evidence.find((v) => v.category === 'Heels')).toEqual({ category: 'Heels', answers: 50, wrong: 0, needed: 299 });
    expect(few.reason).toMatch(/go to review, its answer first, until its answers prove a category \(closest: \w+, 50 of 299 answers\)/);
    const suggested = answerWithHead(few.head, doubted, 0.85)!;
    expect(suggested.category).toBe('Heels');
    expect(suggested.confidence).toBeLessThan(0.85);

    // 800: 320 + 80 Heels answers, none wrong: proof; Tops has none.
    const many = fitDeskHead(decisions(800, kinds), { labels, high: 0.85 });
    if ('problem' in many) throw new Error(many.problem);
    expect([many.accepted, many.autoCategories]).toEqual([true, ['Shirts', 'Heels']]);
    expect(many.reason).toMatch(/It auto-approves doubted photos in Shirts, Heels: its answers on decisions it never saw prove it\./);
    expect(answerWithHead(many.head, doubted, 0.85)!.confidence).toBeGreaterThanOrEqual(0.85);
    // The same head without the proof for Heels sends the photo to review, its answer first.
    const unproven = { ...many.head, autoCategories: ['Shirts'] };
    expect(answerWithHead(unproven, doubted, 0.85)).toMatchObject({ category: 'Heels' });
    expect(answerWithHead(unproven, doubted, 0.85)!.confidence).toBeLessThan(0.85);
  });

  it('keeps the base answer in a category the head made worse on its check', () => {
    // People settled look 0 as Shirts for weeks; the newest decisions call it Tops, as the base model
    // does: the head, sure it is Shirts, gets every one of them wrong where the base model was right.
    const older = decisions(400, [
      [0, 'Shirts'],
      [1, 'Heels'],
    ]);
    const sureTops = { category: 'Tops', confidence: 0.6 };
    const check = Array.from({ length: 100 }, (_, i) =>
      deskExample(401 + i, i % 2 === 0 ? 0 : 1, i % 2 === 0 ? 'Tops' : 'Heels', i % 2 === 0 ? sureTops : unsure),
    );
    const fit = fitDeskHead([...older, ...check], { labels, high: 0.85 });
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.guarded).toEqual(['Tops']);
    const photo = {
      features: lookFeatures(0, 7777),
      logits: Float32Array.from(baseLogits('Tops')),
      photoKind: 'photo' as const,
      base: sureTops,
    };
    expect(answerWithHead(fit.head, photo, 0.85)).toBeNull();
    // Unguarded, the head would have answered Shirts for it.
    expect(answerWithHead({ ...fit.head, guarded: [] }, photo, 0.85)?.category).toBe('Shirts');
    // The move out of Tops it proved stays: look 1, which nobody called Tops, still goes to Heels;
    // Tops to Shirts took Tops photos on the check, so it is no exception.
    expect(fit.guardExceptions).toEqual([['Tops', 'Heels']]);
    expect(fit.reason).toMatch(/Tops keep the base model's answer \(except Tops to Heels: proven moves\): it was worse there\./);
    const heels = { ...photo, features: lookFeatures(1, 7778), base: unsure };
    expect(answerWithHead(fit.head, heels, 0.85)?.category).toBe('Heels');
    expect(answerWithHead({ ...fit.head, guardExceptions: [] }, heels, 0.85)).toBeNull();
  });

  it('lets a guarded category keep a move only when it was right often enough and never took its photos', () => {
    const answered = (moves: [string, number][]) =>
      moves.flatMap(([label, n]) =>
        Array.from({ length: n }, (_, i) => ({ e: deskExample(i + 1, 0, label, unsure), g: { category: 'Hoodies', confidence: 0.7 } })),
      );
    // The base model said Tops (guarded) to each; the head said Hoodies.
    expect(provenMoves(answered([['Hoodies', MIN_GUARD_EXCEPTION_RIGHT]]), ['Tops'])).toEqual([['Tops', 'Hoodies']]);
    expect(provenMoves(answered([['Hoodies', MIN_GUARD_EXCEPTION_RIGHT - 1]]), ['Tops'])).toEqual([]);
    // One Tops photo moved to Hoodies among many right moves: the move could make Tops worse.
    expect(
      provenMoves(
        answered([
          ['Hoodies', 50],
          ['Tops', 1],
        ]),
        ['Tops'],
      ),
    ).toEqual([]);
    // Moves out of a category that is not guarded need no proof.
    expect(provenMoves(answered([['Hoodies', 50]]), ['Shirts'])).toEqual([]);
  });

  it('never answers Other: a photo like the Other decisions gets a low confidence instead', () => {
    const fit = fitDeskHead(
      decisions(120, [
        [0, 'Shirts'],
        [4, OTHER_CATEGORY],
      ]),
      { labels, high: 0.85 },
    );
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.head.classes.at(-1)).toBe(OTHER_CATEGORY);
    const answer = predictWithHead(fit.head, headInput(lookFeatures(4, 5555), baseLogits('Tops'), 'photo'));
    expect(answer.category).not.toBe(OTHER_CATEGORY);
    expect(answer.top3.map((g) => g.category)).not.toContain(OTHER_CATEGORY);
    expect(answer.confidence).toBeLessThan(0.5);
  });

  it('answers what the base model doubts, and may only veto what it would auto-approve', () => {
    const fit = fitDeskHead(
      decisions(120, [
        [0, 'Shirts'],
        [1, 'Heels'],
      ]),
      { labels, high: 0.85 },
    );
    if ('problem' in fit) throw new Error(fit.problem);
    const photo = (look: number, base: { category: string; confidence: number }) => ({
      features: lookFeatures(look, 7777),
      logits: Float32Array.from(baseLogits(base.category)),
      photoKind: 'photo' as const,
      base,
    });
    // Doubted by the base model: the head's answer.
    expect(answerWithHead(fit.head, photo(1, unsure), 0.85)?.category).toBe('Heels');
    // Auto-approved by the base model and the head agrees: the base model's answer stands.
    expect(answerWithHead(fit.head, photo(1, { category: 'Heels', confidence: 0.97 }), 0.85)).toBeNull();
    // Auto-approved into another category than the head's: to review, the head's guess first.
    const vetoed = answerWithHead(fit.head, photo(1, { category: 'Watches', confidence: 0.97 }), 0.85)!;
    expect(vetoed.category).toBe('Heels');
    expect(vetoed.confidence).toBeLessThan(0.85);
  });

  it('gives a reason instead of a head when half of the older decisions name no category it can answer', () => {
    // Decisions 1–20: two categories the desk adds, ten each (under the 20 a category needs); 21–50:
    // Shirts and Heels. The settings are chosen by fitting on each half of the older 40: the first
    // half has nothing to learn from.
    const rare = decisions(20, [
      [2, 'Kilts'],
      [3, 'Capes'],
    ]);
    const known = decisions(30, [
      [0, 'Shirts'],
      [1, 'Heels'],
    ]).map((e) => ({ ...e, decisionId: e.decisionId + 20 }));
    expect(fitDeskHead([...rare, ...known], { labels, high: 0.85 })).toEqual({
      problem: expect.stringMatching(/^No desk head: half of the older decisions name no category it can answer yet/),
    });
  });

  it('leaves out decisions whose stored features or logits are not finite, and fits on the others', () => {
    const ds = decisions(150, [
      [0, 'Shirts'],
      [1, 'Trousers'],
      [2, 'Watches'],
    ]);
    ds[10]!.features[5] = Number.NaN;
    ds[140]!.logits[0] = Number.POSITIVE_INFINITY;
    const fit = fitDeskHead(ds, { labels, high: 0.85 });
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.accepted).toBe(true);
    expect(fit.examples + fit.checkExamples).toBe(148);
    expect(fit.reason).toMatch(/^Used: .* Left out 2 decisions whose stored features or logits are not finite numbers\.$/);

    const few = decisions(MIN_DECISIONS, [[0, 'Shirts']]);
    few[0]!.features[0] = Number.NEGATIVE_INFINITY;
    expect(fitDeskHead(few, { labels, high: 0.85 })).toEqual({
      problem: `A desk head needs at least ${MIN_DECISIONS} review decisions for this model; there are ${MIN_DECISIONS - 1}. Left out 1 decision whose stored features or logits are not finite numbers.`,
    });
  });

  it('refuses a head whose fit did not converge, however good its figures', () => {
    const ds = decisions(150, [
      [0, 'Shirts'],
      [1, 'Trousers'],
      [2, 'Watches'],
    ]);
    const fit = fitDeskHead(ds, { labels, high: 0.85, maxIterations: 1 });
    if ('problem' in fit) throw new Error(fit.problem);
    expect(fit.checkAccuracy).toBeGreaterThan(fit.baseCheckAccuracy);
    expect(fit.accepted).toBe(false);
    expect(fit.reason).toMatch(/^Not used: its fit stopped before it converged/);
  });

  it('gives the same head for the same decisions', () => {
    const ds = decisions(60, [
      [0, 'Shirts'],
      [1, 'Heels'],
    ]);
    const a = fitDeskHead(ds, { labels, high: 0.85 });
    const b = fitDeskHead([...ds].reverse(), { labels, high: 0.85 });
    if ('problem' in a || 'problem' in b) throw new Error('too few');
    expect(Buffer.from(b.head.model.weights.buffer).equals(Buffer.from(a.head.model.weights.buffer))).toBe(true);
  });
});

describe('auto-approval evidence', () => {
  const answer = (category: string, label: string, confidence = 0.9) => ({ e: { label, base: unsure }, g: { category, confidence } });

  it('bounds the wrong rate with Clopper-Pearson: 299 right answers prove 1 %, 298 do not', () => {
    expect(clopperPearsonUpper(0, 299)).toBeLessThanOrEqual(0.01);
    expect(clopperPearsonUpper(0, 298)).toBeGreaterThan(0.01);
    expect(clopperPearsonUpper(3, 100)).toBeCloseTo(0.0757, 3);
    expect([answersNeeded(0), answersNeeded(1)]).toEqual([299, 473]);
    const right = (n: number) => Array.from({ length: n }, () => answer('Heels', 'Heels'));
    expect(earned(autoEvidence(right(298), ['Heels'], 0.85))).toEqual([]);
    expect(earned(autoEvidence(right(299), ['Heels'], 0.85))).toEqual(['Heels']);
  });

  it('counts a wrong answer against the category it was filed into, and only auto-approvals of doubted photos', () => {
    const answers = [
      ...Array.from({ length: 400 }, () => answer('Heels', 'Heels')),
      answer('Heels', OTHER_CATEGORY),
      answer('Heels', 'Shirts', 0.5), // not auto-approved: no evidence either way
      { e: { label: 'Shirts', base: { category: 'Heels', confidence: 0.9 } }, g: { category: 'Heels', confidence: 0.95 } }, // not doubted
    ];
    const [heels] = autoEvidence(answers, ['Heels'], 0.85);
    expect(heels).toEqual({ category: 'Heels', answers: 401, wrong: 1, needed: 473 });
    expect(earned([heels!])).toEqual([]);
  });
});
