// The categories a photo can be filed under: the model's labels (the shipped list while the model
// loads), then those the desk added in Review, oldest first; the review keys follow this order.
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { categoryNameProblem, normaliseCategoryName } from '../../../src-shared/desk-learning.ts';
import { StationRequestError } from '../../../src-shared/contract.ts';
import type { StationDb } from '../db/station-db.ts';
import type { ModelInfo } from '../classify/classifier-protocol.ts';
import { kindsOffered } from './desk-kinds.ts';

export function stationCategories(db: StationDb, labels: readonly string[] | null): string[] {
  return [...(labels ?? DEFAULT_CATEGORIES), ...db.desk.listDeskCategories()];
}

/** Adds a desk category after checking its name and, when the clerk took the model's kind of the
 * photo for it, that kind (desk-kinds.ts kindsOffered: a kind none of the model's categories counts
 * and no desk category took yet, with its namesakes). Answers the stored name and the kinds taken. */
export function addStationCategory(
  db: StationDb,
  model: Pick<ModelInfo, 'labels' | 'sha256' | 'kinds'> | null,
  raw: string,
  clerk: string,
  kind?: string,
): { name: string; kinds: string[] } {
  const labels = model?.labels ?? null;
  const problem = categoryNameProblem(raw, stationCategories(db, labels));
  if (problem) throw new StationRequestError('BAD_REQUEST', problem);
  const name = normaliseCategoryName(raw);
  let kinds: string[] = [];
  if (kind !== undefined) {
    if (!model?.kinds) throw new StationRequestError('BAD_REQUEST', 'The model in use names no kinds: add the category without one.');
    if (!model.kinds.labels.includes(kind)) throw new StationRequestError('BAD_REQUEST', `The model knows no kind "${kind}".`);
    kinds = kindsOffered({ label: kind }, model.kinds, db.desk.deskCategoryKinds());
    if (!kinds.length) {
      throw new StationRequestError(
        'BAD_REQUEST',
        `"${model.kinds.names[kind]}" is one of the station's categories already, or another desk category has it.`,
      );
    }
  }
  db.desk.addDeskCategory(name, clerk, kinds.length ? { labels: kinds, modelSha256: model!.sha256 } : null);
  return { name, kinds };
}
