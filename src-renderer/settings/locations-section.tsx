// Settings → Warehouse locations: a section and aisle for every category items are filed under
// (the desk's own and "Other" included), held as this section's own draft until saved.
import { withOther } from '../../src-shared/desk-learning.ts';
import type { WarehouseLocation } from '../../src-shared/domain.ts';
import { useCategories } from '../station-context.tsx';
import type { SectionProps } from './settings-fields.tsx';
import { Section } from './settings-section.tsx';
import { useDraft } from './use-draft.ts';

const blank = (category: string): WarehouseLocation => ({ category, section: '', aisle: '' });

export function LocationsSection({ settings, save }: SectionProps) {
  const categories = withOther(useCategories());
  const locations = useDraft<Record<string, WarehouseLocation>>(Object.fromEntries(settings.locations.map((l) => [l.category, l])));
  return (
    <Section
      title="Warehouse locations"
      id="locations"
      onSave={() =>
        locations.commit((all) => save({ locations: categories.map((c) => all[c] ?? blank(c)).filter((l) => l.section || l.aisle) }))
      }
      note="Pick lists are sorted by section, then aisle."
    >
      <table className="locations">
        <thead>
          <tr>
            <th>Category</th>
            <th>Section</th>
            <th>Aisle</th>
          </tr>
        </thead>
        <tbody>
          {categories.map((c) => {
            const l = locations.value[c] ?? blank(c);
            const set = (k: 'section' | 'aisle', v: string) => locations.set((all) => ({ ...all, [c]: { ...l, [k]: v } }));
            return (
              <tr key={c}>
                <td>{c}</td>
                <td>
                  <input aria-label={`${c} section`} value={l.section} maxLength={32} onChange={(e) => set('section', e.target.value)} />
                </td>
                <td>
                  <input aria-label={`${c} aisle`} value={l.aisle} maxLength={32} onChange={(e) => set('aisle', e.target.value)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
