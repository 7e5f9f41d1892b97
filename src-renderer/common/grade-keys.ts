// The condition grade keys Intake and Review share: Shift+1 New, Shift+2 Good, Shift+3 Damaged,
// Shift+4 Unsellable. Shifted digits clash with nothing (the plain digits file a category, the
// letters are Review's commands), and are read by the key's place (`code`), since the character a
// shifted digit types differs between keyboard layouts.
import { GRADES, type Grade } from '../../src-shared/receiving.ts';

/** The key shown for a grade: "Shift+1" … "Shift+4". */
export const gradeKey = (g: Grade) => `Shift+${GRADES.indexOf(g) + 1}`;

/** The grade a key press gives, or null. */
export function gradeForKey(e: {
  code?: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}): Grade | null {
  if (!e.shiftKey || e.ctrlKey || e.altKey || e.metaKey) return null;
  const m = /^(?:Digit|Numpad)([1-4])$/.exec(e.code ?? '');
  return m ? GRADES[Number(m[1]) - 1]! : null;
}
