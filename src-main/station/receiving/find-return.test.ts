// Find a return on a real database: by return id, by order id and by part of either, with who
// decided the category, the condition, the shelf, expected against received and the timeline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DISPOSITION_RULES } from '../../../src-shared/receiving.ts';
import { openTempDb, shaOf, type TempDb } from '../db/test-temp-db.ts';
import { findReturn } from './find-return.ts';
import { setItemCondition } from './item-condition.ts';

describe('find a return', () => {
  let t: TempDb;
  beforeEach(() => {
    t = openTempDb();
    t.db.receiving.upsertExpectedReturns(
      [
        { returnId: 'RET-20251013-001', orderId: 'ORD-1001', categories: ['Shirts'], itemText: 'Oxford shirt', customerRef: 'C-1' },
        { returnId: 'RET-20251013-002', orderId: 'ORD-1002', categories: ['Heels'], itemText: '', customerRef: 'C-2' },
      ],
      'request',
    );
    const item = t.db.items.insertItem({
      fileName: 'return_20251013_001.jpg',
      sha256: shaOf(1),
      sizeBytes: 10,
      returnId: 'RET-20251013-001',
      relPath: 'incoming/return_20251013_001.jpg',
    });
    t.db.items.addPrediction(item.id, { category: 'Tshirts', confidence: 0.97, top3: [], modelSha256: shaOf('m'), latencyMs: 5 });
    t.db.review.addDecision({ itemId: item.id, action: 'override', category: 'Shirts', clerk: 'Ana', durationMs: 800 });
    setItemCondition(t.db, DEFAULT_DISPOSITION_RULES, { itemId: item.id, grade: 'Damaged', disposition: null, clerk: 'Ben' });
    t.db.receiving.recordPickListCopy('picklists/picklist_20251014_083000.pdf', 'Pick list', [item.id]);
  });
  afterEach(() => t.cleanup());

  const ctx = () => ({ db: t.db, rules: DEFAULT_DISPOSITION_RULES, locations: [{ category: 'Shirts', section: 'B', aisle: '4' }] });

  it('finds one return by its id and by its order id, with the whole story', () => {
    for (const q of ['ret-20251013-001', 'ORD-1001']) {
      const r = findReturn(ctx(), q, 20);
      expect(r.matches.map((m) => m.returnId)).toEqual(['RET-20251013-001']);
    }
    const [found] = findReturn(ctx(), 'RET-20251013-001', 20).matches;
    expect(found).toMatchObject({ orderId: 'ORD-1001', expected: { categories: ['Shirts'], itemText: 'Oxford shirt' } });
    expect(found!.items[0]).toMatchObject({
      category: 'Shirts',
      decidedBy: { by: 'person', name: 'Ana' },
      grade: 'Damaged',
      disposition: 'Refurbish',
      location: { relPath: 'incoming/return_20251013_001.jpg', section: 'B', aisle: '4' },
      expectedMatch: 'match',
    });
    expect(found!.items[0]!.timeline.map((e) => e.event)).toEqual([
      'expected',
      'received',
      'classified',
      'reviewed',
      'graded',
      'pick-list',
    ]);
  });

  it('lists every match of part of an id, an announced return without photos included', () => {
    const r = findReturn(ctx(), '20251013', 20);
    expect(r.matches.map((m) => m.returnId)).toEqual(['RET-20251013-002', 'RET-20251013-001']);
    expect(r.matches[0]!.items).toEqual([]);
    expect(findReturn(ctx(), 'ORD-10', 1)).toMatchObject({ truncated: true });
  });
});
