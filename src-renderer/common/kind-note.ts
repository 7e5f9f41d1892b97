// What the kinds head of a model 3.x says when it does not back the answer: the photo "looks like"
// another kind, so it went to a person. Shown under the answer in Intake and Review; nothing when the
// model has no kinds or the kind agrees.
import type { Prediction } from '../../src-shared/domain.ts';
import { pct } from './format.ts';

export function kindNote(p: Pick<Prediction, 'category' | 'kind'> | null | undefined): string | null {
  const kind = p?.kind;
  if (!p || !kind || kind.categories.includes(p.category)) return null;
  const share = pct(kind.probability, 0);
  return kind.categories.length === 0
    ? `Looks like ${kind.name} (${share}), which is none of the station's categories: a person decides.`
    : `Looks like ${kind.name} (${share}), which is filed as ${kind.categories.join(' or ')}, not ${p.category}: a person decides.`;
}
