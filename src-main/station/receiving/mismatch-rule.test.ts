// The mismatch rule where bands are decided (item-select.ts for intake and every screen,
// review-queries.ts for the queue, result-rows.ts for the batch's report): a photo whose category is
// none of its return's expected ones is in Review's low queue whatever its confidence; an unknown
// return id is allowed, flagged 'unexpected', and keeps its band.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, shaOf, type TempDb } from '../db/test-temp-db.ts';

describe('not what was expected', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
    t.db.receiving.upsertExpectedReturns(
      [{ returnId: 'RET-20251013-001', orderId: 'ORD-1', categories: ['Shirts', 'Tops'], itemText: '', customerRef: '' }],
      'request',
    );
  });
  afterEach(() => t.cleanup());

  const photo = (n: number, returnId: string | null, category: string, confidence: number) => {
    const item = t.db.items.insertItem({ fileName: `p${n}.jpg`, sha256: shaOf(n), sizeBytes: 10, returnId, relPath: `incoming/p${n}.jpg` });
    return t.db.items.addPrediction(item.id, {
      category,
      confidence,
      top3: [{ category, confidence }],
      modelSha256: shaOf('m'),
      latencyMs: 5,
    });
  };

  it('sends a confident photo of the wrong thing to Review, never auto-approved', () => {
    const wrong = photo(1, 'RET-20251013-001', 'Tshirts', 0.99);
    expect(wrong).toMatchObject({ expectedMatch: 'mismatch', band: 'low' });
    expect(t.db.review.reviewQueue('low').map((i) => i.id)).toEqual([wrong.id]);
    expect(t.db.review.reviewQueue('medium')).toEqual([]);
  });

  it('leaves an expected photo and an unannounced one in their own band', () => {
    const right = photo(1, 'RET-20251013-001', 'Tops', 0.99);
    const unknown = photo(2, 'RET-20251013-009', 'Tshirts', 0.99);
    expect(right).toMatchObject({ expectedMatch: 'match', band: 'high' });
    expect(unknown).toMatchObject({ expectedMatch: 'unexpected', band: 'high' });
    expect(t.db.review.reviewQueue('low')).toEqual([]);
  });

  it('flags a photo that arrived before its announcement, and clears it when a person corrects it', () => {
    const early = photo(1, 'RET-20251013-002', 'Heels', 0.95);
    expect(early.band).toBe('high');
    t.db.receiving.upsertExpectedReturns(
      [{ returnId: 'RET-20251013-002', orderId: 'ORD-2', categories: ['Casual Shoes'], itemText: '', customerRef: '' }],
      'request',
    );
    expect(t.db.items.getItem(early.id)).toMatchObject({ expectedMatch: 'mismatch', band: 'low' });
    const decided = t.db.review.addDecision({
      itemId: early.id,
      action: 'override',
      category: 'Casual Shoes',
      clerk: 'Ana',
      durationMs: 900,
    });
    expect(decided.item).toMatchObject({ expectedMatch: 'match', category: 'Casual Shoes' });
  });
});
