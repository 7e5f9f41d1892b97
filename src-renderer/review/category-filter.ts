// The type-to-filter list of Review (/ or C): which categories match what was typed, best first,
// and how the arrow keys move through them. Pure, so matching is tested without a browser.
import { categoryNameProblem, normaliseCategoryName, withOther } from '../../src-shared/desk-learning.ts';
import { keyForCategory } from '../common/category-keys.ts';

export type PickerOption =
  | { kind: 'category'; category: string; key: string }
  /** Nothing is called what was typed, and it would make a valid name: offer to add it. */
  | { kind: 'new'; name: string };

/** How well `name` matches `q` (lower case, blanks made one): 0 the same, 1 starts with it, 2 a
 * word starts with it, 3 contains it, 4 has its letters in order (three or more, the first one first: a
 * typo-tolerant last resort), null not at all. */
function rank(name: string, q: string): number | null {
  const n = name.toLowerCase();
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.split(/[\s-]+/).some((w) => w.startsWith(q))) return 2;
  if (n.includes(q)) return 3;
  // Letters in order match nearly everything unless there are a few and the first one is right.
  const letters = q.replace(/ /g, '');
  if (letters.length < 3 || n[0] !== letters[0]) return null;
  let at = 0;
  for (const ch of n) if (ch === letters[at]) at++;
  return at === letters.length ? 4 : null;
}

/** Every category (and Other) that matches `query`, best match first and otherwise in key order;
 * an empty query lists them all. When no category has exactly the typed name and it is a valid
 * new one, "add it" comes last. */
export function pickerOptions(categories: readonly string[], query: string): PickerOption[] {
  const all = withOther(categories);
  const q = normaliseCategoryName(query).toLowerCase();
  const matched = q
    ? all
        .map((category, i) => ({ category, i, r: rank(category, q) }))
        .filter((m): m is { category: string; i: number; r: number } => m.r !== null)
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map((m) => m.category)
    : all;
  const options: PickerOption[] = matched.map((category) => ({ category, kind: 'category', key: keyForCategory(category, categories) }));
  if (q && categoryNameProblem(query, categories) === null) options.push({ kind: 'new', name: normaliseCategoryName(query) });
  return options;
}

/** The highlighted row after a key press in the list (wrapping at both ends); null when the key
 * does not move it. */
export function moveHighlight(index: number, key: string, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown') return (index + 1) % count;
  if (key === 'ArrowUp') return (index - 1 + count) % count;
  if (key === 'PageDown') return Math.min(count - 1, index + 5);
  if (key === 'PageUp') return Math.max(0, index - 5);
  return null;
}
