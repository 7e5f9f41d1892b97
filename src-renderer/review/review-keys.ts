// The review queue's keyboard: Enter/A accept, 1–9 and 0 pick one of the first ten categories (in
// status.categories order), O files under "Other" (none of these), N adds a new category, / or C
// opens the type-to-filter list (the only way to reach categories past the tenth by keyboard),
// Space defer, Backspace undo, F flag for a supervisor, Shift+1..4 grade (grade-keys.ts), ? help.
// Pure, so the mapping is tested alone.
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import type { Grade } from '../../src-shared/receiving.ts';
import { categoryForDigit } from '../common/category-keys.ts';
import { gradeForKey } from '../common/grade-keys.ts';

export type ReviewCommand =
  | { kind: 'accept' }
  | { kind: 'override'; category: string }
  | { kind: 'defer' }
  | { kind: 'undo' }
  | { kind: 'flag' }
  | { kind: 'help' }
  | { kind: 'new-category' }
  | { kind: 'choose-category' }
  | { kind: 'grade'; grade: Grade };

export function reviewCommand(
  e: { key: string; code?: string; shiftKey?: boolean; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean },
  categories: readonly string[],
): ReviewCommand | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const grade = gradeForKey(e);
  if (grade) return { kind: 'grade', grade };
  const k = e.key;
  if (k === 'Enter' || k === 'a' || k === 'A') return { kind: 'accept' };
  if (/^[0-9]$/.test(k)) {
    const category = categoryForDigit(k, categories);
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
