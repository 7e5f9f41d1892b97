import { describe, expect, it } from 'vitest';
import type { Item } from '../../src-shared/domain.ts';
import { afterDecision, afterEdit, afterUndo, progress, startSession, withArrivals } from './review-session.ts';

const item = (id: number) => ({ id, fileName: `return_20251013_00${id}.jpg` }) as Item;

describe('review session', () => {
  it('advances, defers to the back, undoes several levels and computes the ETA', () => {
    let s = startSession([item(1), item(2), item(3)]);
    s = afterDecision(s, { decisionId: 10, item: item(1), action: 'accept', category: 'Tops', durationMs: 1000 });
    expect(s.queue.map((i) => i.id)).toEqual([2, 3]);
    s = afterDecision(s, { decisionId: 11, item: item(2), action: 'defer', category: null, durationMs: 3000 });
    expect(s.queue.map((i) => i.id)).toEqual([3, 2]);
    expect(progress(s)).toEqual({ decided: 1, total: 3, etaMs: 2000 * 2 });
    s = afterUndo(s, item(2));
    s = afterUndo(s, item(1));
    expect(s.queue.map((i) => i.id)).toEqual([1, 2, 3]); // each undone item back at the front
    expect(s.done).toEqual([]);
  });
  it('replaces an edited decision in place', () => {
    let s = afterDecision(startSession([item(1)]), { decisionId: 10, item: item(1), action: 'accept', category: 'Tops', durationMs: 1 });
    s = afterEdit(s, 10, { decisionId: 12, item: item(1), action: 'override', category: 'Shirts', durationMs: 1 });
    expect(s.done.map((d) => [d.decisionId, d.category])).toEqual([[12, 'Shirts']]);
  });
  it('adds photos that arrived to the back, never one on screen or decided in this session', () => {
    let s = startSession([item(1), item(2)]);
    s = afterDecision(s, { decisionId: 10, item: item(1), action: 'accept', category: 'Tops', durationMs: 1 });
    const same = withArrivals(s, [item(2)]);
    expect(same).toBe(s); // nothing new: the same session, no re-render
    // The server's queue still lists 1 until the decision lands; 3 and 4 are new.
    s = withArrivals(s, [item(3), item(1), item(2), item(4)]);
    expect(s.queue.map((i) => i.id)).toEqual([2, 3, 4]);
    expect(s.done.map((d) => d.item.id)).toEqual([1]);
  });
});
