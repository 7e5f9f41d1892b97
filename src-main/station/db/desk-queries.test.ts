// Desk examples come and go with review decisions; heads are versioned and the one in use can go
// back to an earlier one or to the base model.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_CATEGORY } from '../../../src-shared/desk-learning.ts';
import { decodeFeatures } from './features-codec.ts';
import { classifiedPhoto, TEST_MODEL_SHA } from '../test-support/desk-examples.ts';
import { openTempDb, type TempDb } from './test-temp-db.ts';

describe('desk examples and heads', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());
  const decide = (itemId: number, action: 'accept' | 'override' | 'defer' | 'flag', category?: string) =>
    t.db.review.addDecision({ itemId, action, ...(category ? { category } : {}), clerk: 'Asha', durationMs: 900 });

  it('makes a photo an example with its decision (clerk and time), and undo takes it away', () => {
    const a = classifiedPhoto(t.db, 0);
    const b = classifiedPhoto(t.db, 1);
    const c = classifiedPhoto(t.db, 2, { category: 'Watches', confidence: 0.97 }); // auto-approved: never an example
    expect(t.db.desk.deskExamples(TEST_MODEL_SHA)).toEqual([]);

    const accepted = decide(a.id, 'accept', 'Tops');
    t.clock.advance(1000);
    decide(b.id, 'override', 'Trousers');
    decide(b.id, 'defer'); // a later defer is no answer: the override still stands
    const examples = t.db.desk.deskExamples(TEST_MODEL_SHA);
    expect(examples.map((e) => [e.itemId, e.label, e.clerk])).toEqual([
      [a.id, 'Tops', 'Asha'],
      [b.id, 'Trousers', 'Asha'],
    ]);
    expect(examples[1]!.decidedAt).toBe('2025-10-13T08:00:01.000Z');
    expect(decodeFeatures(examples[0]!.features, examples[0]!.featuresScale)).toHaveLength(384);
    expect(examples[0]).toMatchObject({ baseCategory: 'Tops', baseConfidence: 0.4, photoKind: 'photo' });

    expect(t.db.desk.deskExampleCounts(TEST_MODEL_SHA)).toEqual({ Tops: 1, Trousers: 1 });

    t.db.review.undoDecision(accepted.id);
    expect(t.db.desk.deskExampleCounts(TEST_MODEL_SHA)).toEqual({ Trousers: 1 });
    expect(t.db.desk.deskExamples(TEST_MODEL_SHA).map((e) => e.itemId)).toEqual([b.id]);
    expect(t.db.desk.deskExamples('e'.repeat(64))).toEqual([]); // another model's features do not count
    expect(c.prediction?.confidence).toBe(0.97);
  });

  it('keeps Other decisions as examples labelled Other', () => {
    const a = classifiedPhoto(t.db, 3);
    decide(a.id, 'override', OTHER_CATEGORY);
    expect(t.db.desk.deskExamples(TEST_MODEL_SHA).map((e) => e.label)).toEqual([OTHER_CATEGORY]);
  });

  it('versions every head and rolls back to an earlier one or to the base model', () => {
    const head = (accepted: boolean, n: number) =>
      t.db.desk.recordDeskHead({
        modelSha256: TEST_MODEL_SHA,
        trigger: 'manual',
        classes: ['Tops', 'Shirts'],
        weights: Buffer.from([n]),
        examples: 40 + n,
        checkExamples: 10,
        checkAccuracy: 0.9,
        baseCheckAccuracy: 0.5,
        checkWrongAuto: 0,
        baseCheckWrongAuto: 0,
        accepted,
        autoApprovesDoubted: n === 3,
        autoCategories: n === 3 ? ['Tops'] : [],
        evidence: [{ category: 'Tops', answers: n * 100, wrong: 0, needed: 299 }],
        guarded: n === 3 ? ['Shirts'] : [],
        guardExceptions: n === 3 ? [['Shirts', 'Jackets']] : [],
        reason: accepted ? 'Used' : 'Not used',
        lastDecisionId: 50 + n,
      });
    const first = head(true, 1);
    expect(t.db.desk.deskHeadInUse()).toBe(first.id);
    t.clock.advance(60_000);
    const refused = head(false, 2);
    expect(t.db.desk.deskHeadInUse()).toBe(first.id); // a refused head leaves the one in use
    const second = head(true, 3);
    expect(t.db.desk.deskHeadInUse()).toBe(second.id);
    expect(t.db.desk.listDeskHeads(TEST_MODEL_SHA).map((h) => h.id)).toEqual([second.id, refused.id, first.id]);

    t.db.desk.useDeskHead(first.id);
    expect(t.db.desk.deskHeadInUse()).toBe(first.id);
    t.db.desk.useDeskHead(null);
    expect(t.db.desk.deskHeadInUse()).toBeNull();
    expect(() => t.db.desk.useDeskHead(refused.id)).toThrow(/only an accepted desk head/);
    expect(t.db.desk.getDeskHead(second.id)?.weights).toEqual(Buffer.from([3]));
    expect([first, second].map((h) => t.db.desk.getDeskHead(h.id)?.autoApprovesDoubted)).toEqual([false, true]);
    expect(t.db.desk.getDeskHead(second.id)).toMatchObject({
      autoCategories: ['Tops'],
      guarded: ['Shirts'],
      guardExceptions: [['Shirts', 'Jackets']],
      evidence: [{ category: 'Tops', answers: 300, wrong: 0, needed: 299 }],
    });
  });
});
