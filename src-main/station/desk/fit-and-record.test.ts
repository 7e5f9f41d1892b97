// The fit that the night and Retrain now run, on a real database: the desk's own data never makes it
// throw. A photo whose stored model output is not a finite number is left out (night after night),
// and decisions that cannot give a head give the reason instead.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { openTempDb, type TempDb } from '../db/test-temp-db.ts';
import { baseLogits, classifiedPhoto, reviewedPhotos, TEST_MODEL_SHA } from '../test-support/desk-examples.ts';
import { fitAndRecord } from './fit-and-record.ts';

let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

const fit = (trigger: 'nightly' | 'manual') => fitAndRecord(t.db, { modelSha256: TEST_MODEL_SHA, labels: DEFAULT_CATEGORIES, trigger });

describe('fitAndRecord', () => {
  it('leaves out a photo whose stored logits are not finite, and the next night finds nothing new', () => {
    reviewedPhotos(t.db, 30);
    const logits = baseLogits('Tops');
    logits[3] = Number.NaN; // what a model whose output overflowed stores
    const broken = classifiedPhoto(t.db, 0, undefined, logits);
    t.db.review.addDecision({ itemId: broken.id, action: 'override', category: 'Shirts', clerk: 'Ana', durationMs: 700 });
    reviewedPhotos(t.db, 30);

    const night = fit('nightly');
    expect(night.problem).toBeNull();
    expect(night.head).toMatchObject({ accepted: true, trigger: 'nightly' });
    expect(night.head!.examples + night.head!.checkExamples).toBe(60);
    expect(night.head!.reason).toMatch(/Left out 1 decision whose stored features or logits are not finite numbers\.$/);
    expect(t.db.desk.deskHeadInUse()).toBe(night.head!.id);

    expect(fit('nightly')).toEqual({ head: null, problem: `No new review decisions since desk head #${night.head!.id}.` });
  });

  it('gives the reason, and records no head, when half of the older decisions name no category it can answer', () => {
    reviewedPhotos(t.db, 20, ['Kilts', 'Capes']); // categories the desk adds, ten decisions each
    reviewedPhotos(t.db, 30, ['Shirts', 'Heels']);

    for (const trigger of ['manual', 'nightly'] as const) {
      expect(fit(trigger)).toEqual({ head: null, problem: expect.stringMatching(/^No desk head: half of the older decisions/) });
    }
    expect(t.db.desk.listDeskHeads(TEST_MODEL_SHA)).toEqual([]);
  });
});
