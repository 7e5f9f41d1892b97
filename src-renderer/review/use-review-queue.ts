// The review queue's state and requests: the queue for a band and day, this session's decisions
// (review-session.ts), and the three things a clerk does to it: decide on the item shown, undo the
// newest decision, change an earlier one. Every decision carries the clerk's name and the time the
// item was on screen; a choice of the model's own category is an accept (decisionFor).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Item } from '../../src-shared/domain.ts';
import { decisionFor } from '../common/category-keys.ts';
import { useStation, useStationEvent } from '../station-context.tsx';
import { afterDecision, afterEdit, afterUndo, startSession, withArrivals, type ReviewSession } from './review-session.ts';

/** Photos classified within this long of each other fetch the queue once. */
const ARRIVAL_DEBOUNCE_MS = 400;

/** What a clerk can do to the item on screen. */
export type Decision = { kind: 'accept' } | { kind: 'override'; category: string } | { kind: 'defer' } | { kind: 'flag' };

export function useReviewQueue(band: 'low' | 'medium', day: string) {
  const { client, clerk } = useStation();
  const [session, setSession] = useState<ReviewSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shownAt = useRef(performance.now());
  const busy = useRef(false);
  const current = session?.queue[0] ?? null;

  useEffect(() => {
    setSession(null);
    client.call('reviewQueue', { band, ...(day ? { day } : {}) }).then(
      (q) => (setSession(startSession(q)), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [client, band, day]);
  useEffect(() => {
    shownAt.current = performance.now();
  }, [current?.id]);

  // Photos keep arriving while a clerk reviews (intake, the watched folder, the night's batch): each
  // burst of classified photos fetches the queue again, once, and new items join at the back.
  const refetch = useRef<ReturnType<typeof setTimeout> | null>(null);
  const fetchArrivals = useCallback(() => {
    if (refetch.current) return;
    refetch.current = setTimeout(() => {
      refetch.current = null;
      client.call('reviewQueue', { band, ...(day ? { day } : {}) }).then(
        (q) => setSession((s) => s && withArrivals(s, q)),
        () => undefined, // the queue on screen stays; the next arrival tries again
      );
    }, ARRIVAL_DEBOUNCE_MS);
  }, [client, band, day]);
  useEffect(() => () => clearTimeout(refetch.current ?? undefined), []);
  useStationEvent('item-added', fetchArrivals);
  useStationEvent('item-updated', fetchArrivals);

  /** One request at a time: a key held or pressed twice never decides two items at once. */
  const exclusive = useCallback(async (work: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await work();
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      busy.current = false;
    }
  }, []);

  const decide = useCallback(
    (d: Decision) =>
      exclusive(async () => {
        if (!current) return;
        const filed =
          d.kind === 'override'
            ? decisionFor(current.prediction, d.category)
            : d.kind === 'accept'
              ? { action: 'accept' as const, category: current.prediction?.category }
              : { action: d.kind, category: undefined };
        const durationMs = Math.round(performance.now() - shownAt.current);
        const r = await client.call('decide', { itemId: current.id, ...filed, clerk, durationMs });
        setSession((s) => s && afterDecision(s, { decisionId: r.id, item: r.item, action: r.action, category: r.category, durationMs }));
      }),
    [client, clerk, current, exclusive],
  );

  const undo = useCallback(
    () =>
      exclusive(async () => {
        const last = session?.done.at(-1);
        if (!last) return;
        const restored = await client.call('undoDecision', { decisionId: last.decisionId });
        setSession((s) => s && afterUndo(s, restored));
      }),
    [client, session, exclusive],
  );

  /** An earlier decision of this session changed to `category` (a new decision beside the old). */
  const edit = useCallback(
    (decisionId: number, item: Item, category: string) =>
      exclusive(async () => {
        const r = await client.call('decide', { itemId: item.id, ...decisionFor(item.prediction, category), clerk, durationMs: 0 });
        setSession(
          (s) => s && afterEdit(s, decisionId, { decisionId: r.id, item: r.item, action: r.action, category: r.category, durationMs: 0 }),
        );
      }),
    [client, clerk, exclusive],
  );

  return { session, current, error, decide, undo, edit };
}
