import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Item } from '../../../src-shared/domain.ts';
import { localIso, openTempDb, shaOf, type TempDb } from './test-temp-db.ts';

const MODEL = 'a'.repeat(64);

describe('review decisions and the review queue', () => {
  let t: TempDb;
  let n = 0;
  beforeEach(() => {
    t = openTempDb();
  });
  afterEach(() => t.cleanup());

  function classified(category: string, confidence: number, receivedAt?: string): Item {
    n += 1;
    const item = t.db.items.insertItem({
      fileName: `p${n}.jpg`,
      sha256: shaOf(`photo-${n}`),
      sizeBytes: 100,
      relPath: `incoming/p${n}.jpg`,
      ...(receivedAt ? { receivedAt } : {}),
    });
    return t.db.items.addPrediction(item.id, { category, confidence, top3: [{ category, confidence }], modelSha256: MODEL, latencyMs: 5 });
  }

  const decide = (itemId: number, action: 'accept' | 'override' | 'defer' | 'flag', category?: string) =>
    t.db.review.addDecision({ itemId, action, ...(category ? { category } : {}), clerk: 'Asha', durationMs: 1500 });

  it('keeps the decision beside the prediction, never over it', () => {
    const item = classified('Tshirts', 0.55);
    t.clock.advance(5000);
    const d = decide(item.id, 'override', 'Shirts');
    expect(d).toMatchObject({
      itemId: item.id,
      action: 'override',
      category: 'Shirts',
      clerk: 'Asha',
      durationMs: 1500,
      createdAt: '2025-10-13T08:00:05.000Z',
      undoneAt: null,
    });
    expect(d.item.category).toBe('Shirts');
    expect(d.item.prediction).toEqual(item.prediction);
    expect(d.item.band).toBe('low');
    const { item: _item, ...decision } = d;
    expect(d.item.lastDecision).toEqual(decision);
    expect(t.db.review.getDecision(d.id)).toEqual(decision);

    // The schema itself refuses to rewrite history, whoever asks.
    const raw = new Database(t.file);
    try {
      expect(() => raw.prepare(`UPDATE predictions SET category = 'Shirts'`).run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM predictions').run()).toThrow(/append-only/);
      expect(() => raw.prepare(`UPDATE review_decisions SET category = 'Tops'`).run()).toThrow(/append-only/);
      expect(() => raw.prepare('DELETE FROM review_decisions').run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(t.db.items.latestPrediction(item.id)).toEqual(item.prediction);
  });

  it('an accept records the category the clerk saw; an override needs one', () => {
    const item = classified('Watches', 0.6);
    expect(decide(item.id, 'accept').category).toBe('Watches');
    expect(() => decide(item.id, 'override')).toThrow(/needs a category/);
    expect(t.db.review.recentDecisions(10)).toHaveLength(1);
  });

  it('undo takes a decision back: the item falls back to the previous live decision, then the model', () => {
    const item = classified('Tshirts', 0.5);
    const first = decide(item.id, 'override', 'Shirts');
    const second = decide(item.id, 'override', 'Tops');
    expect(second.item.category).toBe('Tops');

    t.clock.advance(2000);
    const undone = t.db.review.undoDecision(second.id)!;
    expect(undone.undoneAt).toBe('2025-10-13T08:00:02.000Z');
    expect(undone.item.category).toBe('Shirts');
    expect(undone.item.lastDecision?.id).toBe(first.id);

    t.clock.advance(2000);
    expect(t.db.review.undoDecision(second.id)!.undoneAt).toBe('2025-10-13T08:00:02.000Z'); // first undo's time kept
    const back = t.db.review.undoDecision(first.id)!;
    expect(back.item.category).toBe('Tshirts');
    expect(back.item.lastDecision).toBeNull();
    expect(back.item.prediction?.category).toBe('Tshirts');
    expect(t.db.review.undoDecision(12345)).toBeNull();

    expect(t.db.review.recentDecisions(1).map((d) => d.id)).toEqual([second.id]);
    const recent = t.db.review.recentDecisions(10);
    expect(recent.map((d) => d.id)).toEqual([second.id, first.id]);
    expect(recent.every((d) => d.undoneAt !== null && d.item.id === item.id)).toBe(true);
  });

  it('orders the low band lowest confidence first and keeps bands apart at their exact edges', () => {
    const high = classified('Tshirts', 0.85); // exactly high: never queued
    const mediumEdge = classified('Tshirts', 0.7); // exactly low threshold: medium
    const medium = classified('Tshirts', 0.8);
    const low2 = classified('Tshirts', 0.65);
    const low1 = classified('Tshirts', 0.3);
    const lowEdge = classified('Tshirts', 0.6999);
    const pending = t.db.items.insertItem({ fileName: 'x.jpg', sha256: shaOf('pending'), sizeBytes: 1, relPath: 'incoming/x.jpg' });

    const low = t.db.review.reviewQueue('low');
    expect(low.map((i) => i.id)).toEqual([low1.id, low2.id, lowEdge.id]);
    expect(low.every((i) => i.band === 'low')).toBe(true);
    const med = t.db.review.reviewQueue('medium');
    expect(med.map((i) => i.id)).toEqual([mediumEdge.id, medium.id]);
    expect(med.every((i) => i.band === 'medium')).toBe(true);
    for (const i of [...low, ...med]) expect([high.id, pending.id]).not.toContain(i.id);

    // Thresholds passed in move the edges.
    expect(t.db.review.reviewQueue('low', { high: 0.9, low: 0.81 }).map((i) => i.id)).toEqual([
      low1.id,
      low2.id,
      lowEdge.id,
      mediumEdge.id,
      medium.id,
    ]);
    expect(t.db.review.reviewQueue('medium', { high: 0.9, low: 0.81 }).map((i) => i.id)).toEqual([high.id]);
  });

  it('leaves out accepted and overridden items, puts deferred ones last, keeps flagged ones in place', () => {
    const a = classified('Tshirts', 0.1);
    const b = classified('Tshirts', 0.2);
    const c = classified('Tshirts', 0.3);
    const d = classified('Tshirts', 0.4);
    const e = classified('Tshirts', 0.5);
    decide(a.id, 'accept');
    decide(b.id, 'override', 'Shirts');
    decide(c.id, 'defer');
    decide(d.id, 'flag');
    expect(t.db.review.reviewQueue('low').map((i) => i.id)).toEqual([d.id, e.id, c.id]);

    // Undoing the accept puts the item back at its place.
    const accept = t.db.review.recentDecisions(10).find((x) => x.itemId === a.id)!;
    t.db.review.undoDecision(accept.id);
    expect(t.db.review.reviewQueue('low').map((i) => i.id)).toEqual([a.id, d.id, e.id, c.id]);

    // A deferred item that is then accepted leaves the queue.
    decide(c.id, 'accept');
    expect(t.db.review.reviewQueue('low').map((i) => i.id)).toEqual([a.id, d.id, e.id]);
  });

  it('narrows the queue to a local day and skips failed items', () => {
    const yesterday = classified('Tshirts', 0.2, localIso(2025, 10, 12, 18));
    const today = classified('Tshirts', 0.3, localIso(2025, 10, 13, 9));
    const broken = classified('Tshirts', 0.1, localIso(2025, 10, 13, 10));
    t.db.items.updateItemLocation(broken.id, 'errors', `errors/${broken.fileName}`, 'failed', 'Corrupt image file');
    expect(t.db.review.reviewQueue('low', undefined, '2025-10-13').map((i) => i.id)).toEqual([today.id]);
    expect(t.db.review.reviewQueue('low', undefined, '2025-10-12').map((i) => i.id)).toEqual([yesterday.id]);
    expect(t.db.review.reviewQueue('low').map((i) => i.id)).toEqual([yesterday.id, today.id]);
  });
});
