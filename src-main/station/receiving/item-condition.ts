// An item's condition grade and its disposition: a person's chosen disposition wins, otherwise the
// rule table in Settings decides from the category and grade (receiving.ts dispositionFor).
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { Item } from '../../../src-shared/domain.ts';
import { dispositionFor, type Disposition, type DispositionRules, type Grade, type ItemCondition } from '../../../src-shared/receiving.ts';
import type { StationDb } from '../db/station-db.ts';

export function conditionOf(item: Item, chosen: Disposition | null, rules: DispositionRules): ItemCondition {
  const disposition = dispositionFor(rules, item.category, item.grade, chosen);
  return { itemId: item.id, grade: item.grade, disposition, dispositionFrom: disposition === null ? null : chosen ? 'person' : 'rule' };
}

export interface ConditionChange {
  itemId: number;
  grade: Grade | null;
  disposition: Disposition | null;
  clerk: string;
}

/** Records the change and, in the same transaction, `after` (the outbox message of a settled item). */
export function setItemCondition(
  db: StationDb,
  rules: DispositionRules,
  change: ConditionChange,
  after: (item: Item, conditionId: number) => void = () => {},
): { item: Item; condition: ItemCondition } {
  return db.transaction(() => {
    if (!db.items.getItem(change.itemId)) throw new StationRequestError('NOT_FOUND', `No item ${change.itemId}.`);
    const id = db.receiving.addCondition(change.itemId, change.grade, change.disposition, change.clerk);
    const item = db.items.getItem(change.itemId)!;
    after(item, id);
    return { item, condition: conditionOf(item, change.disposition, rules) };
  });
}
