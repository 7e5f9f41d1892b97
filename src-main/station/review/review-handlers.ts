// The Review screen's requests: the queue, one item, a decision and its undo. A decision files the
// photo into its category's folder (decide-and-file.ts) and announces the item as 'item-updated'.
import { StationRequestError, type StationHandlers } from '../../../src-shared/contract.ts';
import { OTHER_CATEGORY } from '../../../src-shared/desk-learning.ts';
import type { Item } from '../../../src-shared/domain.ts';
import type { StationDb } from '../db/station-db.ts';
import type { StationEventBus } from '../station-events.ts';
import { decideAndFile, undoAndFile } from './decide-and-file.ts';

export type ReviewHandlers = Pick<StationHandlers, 'getItem' | 'reviewQueue' | 'decide' | 'undoDecision' | 'recentDecisions'>;

export interface ReviewDeps {
  root: string;
  db: StationDb;
  events: StationEventBus;
  /** The station's categories (model labels and the desk's own), or null while the model is loading
   * (any category is taken then). "Other" (none of these) is always taken. */
  labels: () => readonly string[] | null;
}

export function requireItem(db: StationDb, id: number): Item {
  const item = db.items.getItem(id);
  if (!item) throw new StationRequestError('NOT_FOUND', `No item ${id}.`);
  return item;
}

export function createReviewHandlers({ root, db, events, labels }: ReviewDeps): ReviewHandlers {
  return {
    async getItem({ id }) {
      return requireItem(db, id);
    },
    async reviewQueue({ band, day }) {
      return db.review.reviewQueue(band, undefined, day);
    },
    async decide({ itemId, action, category, clerk, durationMs }) {
      const item = requireItem(db, itemId);
      const known = labels();
      if (category && known && category !== OTHER_CATEGORY && !known.includes(category))
        throw new StationRequestError('BAD_REQUEST', `Unknown category "${category}".`);
      if (!item.prediction && action === 'accept')
        throw new StationRequestError('CONFLICT', `Item ${itemId} has no prediction to accept yet.`);
      const decision = await decideAndFile(root, db, { itemId, action, category, clerk, durationMs });
      events.emit('item-updated', decision.item);
      return decision;
    },
    async undoDecision({ decisionId }) {
      const undone = await undoAndFile(root, db, decisionId);
      if (!undone) throw new StationRequestError('NOT_FOUND', `No decision ${decisionId}.`);
      events.emit('item-updated', undone.item);
      return undone.item;
    },
    async recentDecisions({ limit }) {
      return db.review.recentDecisions(limit);
    },
  };
}
