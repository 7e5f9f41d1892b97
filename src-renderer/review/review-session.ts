// The review session's bookkeeping, kept pure: which item is shown, what was decided in this
// session (for undo, several levels, and the last-10 list), and the pace for the ETA.
import type { Item, ReviewAction } from '../../src-shared/domain.ts';

export interface SessionDecision {
  decisionId: number;
  item: Item;
  action: ReviewAction;
  category: string | null;
  durationMs: number;
}

export interface ReviewSession {
  /** Items still to decide; the first is on screen. Deferred items go to the back. */
  queue: Item[];
  /** This session's decisions, newest last. */
  done: SessionDecision[];
}

export const startSession = (queue: Item[]): ReviewSession => ({ queue, done: [] });

export function afterDecision(s: ReviewSession, d: SessionDecision): ReviewSession {
  const rest = s.queue.filter((i) => i.id !== d.item.id);
  return { queue: d.action === 'defer' ? [...rest, d.item] : rest, done: [...s.done, d] };
}

/** Undo the newest decision: its item returns to the front of the queue. */
export function afterUndo(s: ReviewSession, restored: Item): ReviewSession {
  return { queue: [restored, ...s.queue.filter((i) => i.id !== restored.id)], done: s.done.slice(0, -1) };
}

/** A decision from the last-10 list was edited: replace it in place (a deferred item that now has
 * a category leaves the queue). */
export function afterEdit(s: ReviewSession, oldDecisionId: number, d: SessionDecision): ReviewSession {
  const queue = d.action === 'defer' ? s.queue : s.queue.filter((i) => i.id !== d.item.id);
  return { queue, done: s.done.map((x) => (x.decisionId === oldDecisionId ? d : x)) };
}

/** The queue fetched again (photos arrived while the screen was open): the items not yet on it and
 * not decided in this session join at the back, and the order on screen stays as it was. */
export function withArrivals(s: ReviewSession, fetched: readonly Item[]): ReviewSession {
  const known = new Set([...s.queue.map((i) => i.id), ...s.done.map((d) => d.item.id)]);
  const arrived = fetched.filter((i) => !known.has(i.id));
  return arrived.length ? { ...s, queue: [...s.queue, ...arrived] } : s;
}

export function progress(s: ReviewSession): { decided: number; total: number; etaMs: number | null } {
  const decided = s.done.filter((d) => d.action !== 'defer').length;
  const remaining = s.queue.length;
  const recent = s.done.slice(-20);
  const pace = recent.length ? recent.reduce((a, d) => a + d.durationMs, 0) / recent.length : null;
  return { decided, total: decided + remaining, etaMs: pace === null ? null : pace * remaining };
}
