// Settings → Category codes: the code the inventory system knows each category by (the exports'
// category_code), held as this section's own draft until saved. Empty: no code.
import { withOther } from '../../src-shared/desk-learning.ts';
import { useCategories } from '../station-context.tsx';
import type { SectionProps } from './settings-fields.tsx';
import { Section } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';

export function CategoryCodesSection({ settings, save }: SectionProps) {
  const categories = withOther(useCategories());
  const codes = useDraft<Record<string, string>>(settings.categoryCodes);
  return (
    <Section
      title="Category codes"
      id="category-codes"
      onSave={() =>
        codes.commit((all) =>
          save({
            categoryCodes: Object.fromEntries(
              Object.entries(all)
                .filter(([, v]) => v.trim() !== '')
                .map(([k, v]) => [k, v.trim()]),
            ),
          }),
        )
      }
      note="Written as category_code in the inventory exports."
    >
      <table className="codes">
        <thead>
          <tr>
            <th>Category</th>
            <th>Code</th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => (
            <tr key={c}>
              <td>{c}</td>
              <td>
                <input
                  aria-label={`${c} code`}
                  value={codes.value[c] ?? ''}
                  maxLength={32}
                  className="mono"
                  onChange={(e) => codes.set((all) => ({ ...all, [c]: e.target.value }))}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
