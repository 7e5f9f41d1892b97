// What the night watch reads of a night's photos: whether each answer was right, by the same rule
// as the audit (a person kept the model's category), with auto-approved photos nobody questioned
// counted right and photos still waiting left unlabelled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

const MODEL = 'e'.repeat(64);
const stats = { brightness: 0.5, contrast: 0.2, castRB: 0, castG: 0, sharpness: 0.6, width: 400, height: 534 };
let t: TempDb;
beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

describe('nightPhotos', () => {
  it('labels each photo right, wrong or not yet, and leaves out photos without image statistics', () => {
    const { db } = t;
    const run = db.runs.startBatchRun({ timestamp: '20251013_020000', trigger: 'schedule', modelSha256: MODEL });
    const photo = (n: number, category: string, confidence: number, withStats = true) => {
      const item = db.items.insertItem({ fileName: `p${n}.jpg`, sha256: shaOf(n), sizeBytes: 1000 + n, relPath: `incoming/p${n}.jpg` });
      db.items.addPrediction(item.id, {
        category,
        confidence,
        top3: [{ category, confidence }],
        modelSha256: MODEL,
        latencyMs: 5,
        ...(withStats ? { imageStats: stats } : {}),
      });
      db.items.updateItemLocation(item.id, 'processed', `processed/${category}/p${n}.jpg`, 'filed', null, run.id);
      return item.id;
    };
    const accepted = photo(1, 'Tshirts', 0.6);
    const overridden = photo(2, 'Shirts', 0.6);
    const autoApproved = photo(3, 'Tshirts', 0.95);
    const waiting = photo(4, 'Tops', 0.6);
    photo(5, 'Tshirts', 0.6, false);
    const decide = (itemId: number, action: 'accept' | 'override', category?: string) =>
      db.review.addDecision({ itemId, action, ...(category ? { category } : {}), clerk: 'Asha', durationMs: 1000 });
    decide(accepted, 'accept');
    decide(overridden, 'override', 'Tops');

    const photos = db.drift.nightPhotos([run.id], 0.85);
    expect(photos.map((p) => [p.itemId, p.correct])).toEqual([
      [accepted, true],
      [overridden, false],
      [autoApproved, true],
      [waiting, undefined],
    ]);
    expect(photos[0]).toMatchObject({ imageStats: stats, sizeBytes: 1001, batchRunId: run.id, category: 'Tshirts' });
  });
});
