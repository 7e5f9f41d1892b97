// The two rules Intake and Review share when a person files a photo: which category a key picks
// (1–9 the first nine, 0 the tenth, O Other; the rest only through a list) and whether the choice
// is an accept (the model's own answer) or an override.
import { OTHER_CATEGORY } from '../../src-shared/desk-learning.ts';
import type { Prediction } from '../../src-shared/domain.ts';

/** How many categories have a digit key: 1–9, then 0. */
export const DIGIT_KEYS = 10;

/** Key shown for category i: 1–9, then 0 for the tenth; none past it (or for -1, not listed). */
export const categoryKey = (i: number) => (i === 9 ? '0' : i >= 0 && i < 9 ? String(i + 1) : '');

/** The key that files under `category` ('1'…'9', '0', 'O'), or '' for one reached only through
 * the list. */
export function keyForCategory(category: string, categories: readonly string[]): string {
  return category === OTHER_CATEGORY ? 'O' : categoryKey(categories.indexOf(category));
}

/** The category a digit key files under, or null (not a digit, or no category that far). */
export function categoryForDigit(key: string, categories: readonly string[]): string | null {
  if (!/^[0-9]$/.test(key)) return null;
  return categories[key === '0' ? 9 : Number(key) - 1] ?? null;
}

/** A person files a photo under `category`: an accept when the model said the same, else an override. */
export function decisionFor(
  prediction: Pick<Prediction, 'category'> | null | undefined,
  category: string,
): { action: 'accept' | 'override'; category: string } {
  return { action: category === prediction?.category ? 'accept' : 'override', category };
}
