// The categories a photo can be filed under: the model's labels (the shipped list while the model
// loads), then those the desk added in Review, oldest first; the review keys follow this order.
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { categoryNameProblem, normaliseCategoryName } from '../../../src-shared/desk-learning.ts';
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { StationDb } from '../db/station-db.ts';

export function stationCategories(db: StationDb, labels: readonly string[] | null): string[] {
  return [...(labels ?? DEFAULT_CATEGORIES), ...db.desk.listDeskCategories()];
}

/** Adds a desk category after checking its name; answers the stored name. */
export function addStationCategory(db: StationDb, labels: readonly string[] | null, raw: string, clerk: string): string {
  const problem = categoryNameProblem(raw, stationCategories(db, labels));
  if (problem) throw new StationRequestError('BAD_REQUEST', problem);
  const name = normaliseCategoryName(raw);
  db.desk.addDeskCategory(name, clerk);
  return name;
}
