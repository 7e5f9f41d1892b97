// Warehouse order for pick lists: the order a person walks the shelves. Pure, so the screen, the
// PDF and the tests all get exactly one order.
import type { PickListGroup, PickListLine, WarehouseLocation } from '../../../src-shared/domain.ts';
import { DISPOSITIONS, type Disposition } from '../../../src-shared/receiving.ts';

// "Aisle 2" before "Aisle 10"; case and accents do not reorder the shelves.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Groups with a location first, by section then aisle (then name, for two categories sharing a
 * shelf); groups without one last, by name. */
export function compareGroups(a: PickListGroup, b: PickListGroup): number {
  if (a.location && b.location) {
    return (
      collator.compare(a.location.section, b.location.section) ||
      collator.compare(a.location.aisle, b.location.aisle) ||
      collator.compare(a.category, b.category)
    );
  }
  if (a.location) return -1;
  if (b.location) return 1;
  return collator.compare(a.category, b.category);
}

/** Within a shelf: by return id (the labels on the bags), items without one after, by file name. */
export function compareLines(a: PickListLine, b: PickListLine): number {
  if (a.returnId && b.returnId) return collator.compare(a.returnId, b.returnId) || a.itemId - b.itemId;
  if (a.returnId) return -1;
  if (b.returnId) return 1;
  return collator.compare(a.fileName, b.fileName) || a.itemId - b.itemId;
}

/** Dispositions in the rule table's order; ungraded items (no disposition) last. */
const dispositionRank = (d: Disposition | null) => (d === null ? DISPOSITIONS.length : DISPOSITIONS.indexOf(d));

/** Lines grouped by category (and, by disposition, first by disposition), each group with its
 * location, everything in warehouse order. */
export function groupLines(
  lines: readonly PickListLine[],
  locations: readonly WarehouseLocation[],
  by: 'category' | 'disposition' = 'category',
): PickListGroup[] {
  const where = new Map(locations.map((l) => [l.category, { section: l.section, aisle: l.aisle }]));
  const groups = new Map<string, PickListGroup>();
  for (const line of lines) {
    const disposition = by === 'disposition' ? line.disposition : null;
    const key = `${disposition ?? ''}\u0000${line.category}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { category: line.category, location: where.get(line.category) ?? null, disposition, lines: [] }));
    g.lines.push(line);
  }
  const out = [...groups.values()].sort((a, b) => dispositionRank(a.disposition) - dispositionRank(b.disposition) || compareGroups(a, b));
  for (const g of out) g.lines.sort(compareLines);
  return out;
}
