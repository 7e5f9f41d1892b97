// The items a pick list routes: photos filed in processed/ (not those still waiting in incoming/
// or quarantined in errors/), either by one batch run or within a date range. Item-shaped, through
// the shared ITEM_SELECT, so category and band mean what they mean on every other screen.
import type { BandThresholds, Item } from '../../../src-shared/domain.ts';
import type { Disposition } from '../../../src-shared/receiving.ts';
import type { DbContext, Row } from './db-context.ts';
import { ITEM_SELECT, itemFromRow } from './item-select.ts';
import { getThresholds } from './settings-queries.ts';

export interface FiledItem {
  item: Item;
  /** The category from a person's live accept/override, if any (item.category already prefers
   * it; this says whether it came from a person, which lastDecision alone cannot when a later
   * defer or flag sits on top of an accept). */
  reviewedCategory: string | null;
  /** The disposition a person chose (null: the rule table's). */
  chosenDisposition: Disposition | null;
}

const filedItem = (r: Row, th: BandThresholds): FiledItem => ({
  item: itemFromRow(r, th),
  reviewedCategory: (r.decided_category as string | null) ?? null,
  chosenDisposition: (r.chosen_disposition as Disposition | null) ?? null,
});

/** Filed items of one batch run (an override keeps the run it was filed by). */
export function filedItemsOfRun(ctx: DbContext, batchRunId: number, t?: BandThresholds): FiledItem[] {
  const th = t ?? getThresholds(ctx);
  return ctx
    .stmt(`${ITEM_SELECT} WHERE i.batch_run_id = ? AND i.location = 'processed' ORDER BY i.id`)
    .all(batchRunId)
    .map((r) => filedItem(r, th));
}

/** Filed items whose filed_at lies in [from, to) (UTC ISO). filed_at is the last move into
 * processed/, so an item re-filed by an override counts on the day of the override. */
export function filedItemsBetween(ctx: DbContext, from: string, to: string, t?: BandThresholds): FiledItem[] {
  const th = t ?? getThresholds(ctx);
  return ctx
    .stmt(`${ITEM_SELECT} WHERE i.filed_at >= ? AND i.filed_at < ? AND i.location = 'processed' ORDER BY i.id`)
    .all(from, to)
    .map((r) => filedItem(r, th));
}
