import { describe, expect, it } from 'vitest';
import type { Item } from '../../src-shared/domain.ts';
import { reviewCommand } from './review-keys.ts';
import { afterDecision, afterEdit, afterUndo, progress, startSession } from './review-session.ts';

const cats = ['Tshirts', 'Shirts', 'Casual Shoes', 'Watches', 'Sports Shoes', 'Kurtas', 'Tops', 'Handbags', 'Heels', 'Sunglasses'];
const item = (id: number) => ({ id, fileName: `return_20251013_00${id}.jpg` }) as Item;

describe('reviewCommand', () => {
  it('maps the documented keys', () => {
    expect(reviewCommand({ key: 'Enter' }, cats)).toEqual({ kind: 'accept' });
    expect(reviewCommand({ key: 'a' }, cats)).toEqual({ kind: 'accept' });
    expect(reviewCommand({ key: '1' }, cats)).toEqual({ kind: 'override', category: 'Tshirts' });
    expect(reviewCommand({ key: '9' }, cats)).toEqual({ kind: 'override', category: 'Heels' });
    expect(reviewCommand({ key: '0' }, cats)).toEqual({ kind: 'override', category: 'Sunglasses' });
    expect(reviewCommand({ key: ' ' }, cats)).toEqual({ kind: 'defer' });
    expect(reviewCommand({ key: 'Backspace' }, cats)).toEqual({ kind: 'undo' });
    expect(reviewCommand({ key: 'F' }, cats)).toEqual({ kind: 'flag' });
    expect(reviewCommand({ key: '?' }, cats)).toEqual({ kind: 'help' });
  });
  it('ignores other keys, modified keys and digits past the label list', () => {
    expect(reviewCommand({ key: 'x' }, cats)).toBeNull();
    expect(reviewCommand({ key: '1', ctrlKey: true }, cats)).toBeNull();
    expect(reviewCommand({ key: '0' }, cats.slice(0, 5))).toBeNull();
  });
});

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
});
