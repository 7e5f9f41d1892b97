// The review queue's keyboard: Enter/A accept, 1–9 and 0 pick one of the first ten categories (in
// status.categories order), O files under "Other" (none of these), N adds a new category, / or C
// opens the type-to-filter list (the only way to reach categories past the tenth by keyboard),
// Space defer, Backspace undo, F flag for a supervisor, ? help. Pure, so the mapping is tested alone.
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import { categoryKey } from '../common/format.ts';

export type ReviewCommand =
  | { kind: 'accept' }
  | { kind: 'override'; category: string }
  | { kind: 'defer' }
  | { kind: 'undo' }
  | { kind: 'flag' }
  | { kind: 'help' }
  | { kind: 'new-category' }
  | { kind: 'choose-category' };

/** How many categories have a digit key: 1–9, then 0. */
export const DIGIT_KEYS = 10;

export function reviewCommand(
  e: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean },
  categories: readonly string[],
): ReviewCommand | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const k = e.key;
  if (k === 'Enter' || k === 'a' || k === 'A') return { kind: 'accept' };
  if (/^[0-9]$/.test(k)) {
    const category = categories[k === '0' ? 9 : Number(k) - 1];
    return category ? { kind: 'override', category } : null;
  }
  if (k === 'o' || k === 'O') return { kind: 'override', category: OTHER_CATEGORY };
  if (k === 'n' || k === 'N') return { kind: 'new-category' };
  if (k === '/' || k === 'c' || k === 'C') return { kind: 'choose-category' };
  if (k === ' ' || k === 'Spacebar') return { kind: 'defer' };
  if (k === 'Backspace') return { kind: 'undo' };
  if (k === 'f' || k === 'F') return { kind: 'flag' };
  if (k === '?') return { kind: 'help' };
  return null;
}

/** The key that files under `category` ('1'…'9', '0', 'O'), or '' for one reached only through
 * the list. */
export function keyForCategory(category: string, categories: readonly string[]): string {
  return category === OTHER_CATEGORY ? 'O' : categoryKey(categories.indexOf(category));
}

/** Whether a key press belongs to what has focus rather than to the review: text fields, lists
 * and anything editable take every key (typing "n" in a name must not open a dialog). */
export function isTypingTarget(t: { tagName?: string; isContentEditable?: boolean } | null): boolean {
  if (!t) return false;
  return t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable === true;
}
