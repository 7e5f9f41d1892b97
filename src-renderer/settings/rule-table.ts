// Editing the disposition rule table one cell at a time, kept minimal: a category cell set back to
// the default row is removed, and a category with no cells of its own leaves the table.
import type { Disposition, DispositionRules, Grade } from '../../src-shared/receiving.ts';

/** The rules with `category`'s cell for `grade` set (null: back to the default row). */
export function withCell(rules: DispositionRules, category: string | null, grade: Grade, d: Disposition | null): DispositionRules {
  if (category === null) return d ? { ...rules, default: { ...rules.default, [grade]: d } } : rules;
  const own = { ...rules.byCategory[category] };
  if (d) own[grade] = d;
  else delete own[grade];
  const byCategory = { ...rules.byCategory, [category]: own };
  if (Object.keys(own).length === 0) delete byCategory[category];
  return { ...rules, byCategory };
}
