// Settings → Dispositions: the category × grade rule table. The first row is every category's
// default; a category's cell either follows it ("as default") or names its own disposition. Held
// as this section's own draft until saved.
import { withOther } from '../../src-shared/desk-learning.ts';
import { DISPOSITIONS, GRADES, type Disposition, type DispositionRules, type Grade } from '../../src-shared/receiving.ts';
import { withCell } from './rule-table.ts';
import { useCategories } from '../station-context.tsx';
import type { SectionProps } from './settings-fields.tsx';
import { Section } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';

export function DispositionRulesSection({ settings, save }: SectionProps) {
  const categories = withOther(useCategories());
  const rules = useDraft<DispositionRules>(settings.dispositionRules);
  const r = rules.value;
  const cell = (category: string | null, g: Grade) => {
    const own = category === null ? r.default[g] : r.byCategory[category]?.[g];
    return (
      <td key={g}>
        <select
          aria-label={`${category ?? 'Default'}, ${g}`}
          value={own ?? ''}
          onChange={(e) => rules.set((cur) => withCell(cur, category, g, (e.target.value || null) as Disposition | null))}
          className={category !== null && own ? 'own-rule' : undefined}
        >
          {category !== null && <option value="">as default ({r.default[g]})</option>}
          {DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </td>
    );
  };
  return (
    <Section
      title="Dispositions"
      id="dispositions"
      wide
      onSave={() => rules.commit((dispositionRules) => save({ dispositionRules }))}
      note="Where a graded item goes, by its category and grade. A clerk can still choose another for one item at Intake or in Review."
    >
      <table className="rules" data-testid="disposition-rules">
        <thead>
          <tr>
            <th>Category</th>
            {GRADES.map((g) => (
              <th key={g}>{g}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Default (every category)</th>
            {GRADES.map((g) => cell(null, g))}
          </tr>
          {categories.map((c) => (
            <tr key={c}>
              <th scope="row">{c}</th>
              {GRADES.map((g) => cell(c, g))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
