// What the Settings screen says about desk learning, kept pure (tested without a browser): the
// head in use in one line, the verdict of a Retrain now, and the examples per category.
import {
  MIN_EXAMPLES_PER_NEW_CATEGORY,
  OTHER_CATEGORY,
  withOther,
  type DeskHead,
  type DeskLearningState,
} from '../../src-shared/desk-learning.ts';

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`;

/** "Base model only", or "Desk head #3, fitted <when> from 412 decisions". */
export function inUseSummary(state: DeskLearningState, when: (iso: string) => string): string {
  if (state.inUse === null) return 'Base model only';
  const head = state.heads.find((h) => h.id === state.inUse);
  // A head in use is one of the current model's; should the list not have it, say what is known.
  if (!head) return `Desk head #${state.inUse}`;
  return `Desk head #${head.id}, fitted ${when(head.createdAt)} from ${plural(head.examples, 'decision')}`;
}

/** The sentence after Retrain now: the new head's verdict, or why none could be fitted. */
export function retrainVerdict(result: { head: DeskHead | null; state: DeskLearningState }): string {
  if (result.head) return result.head.reason;
  return result.state.lastProblem ?? 'No desk head was fitted.';
}

export interface ExampleRow {
  category: string;
  count: number;
  /** Added by the desk (not one of the model's labels). */
  deskOwn: boolean;
  /** A desk category with too few decisions for a head to predict it yet. */
  needsMore: boolean;
}

/** Examples per category in key order, then Other, then any category the station counted that the
 * list does not name (one since renamed or dropped with a model change). */
export function exampleRows(state: DeskLearningState, categories: readonly string[], modelLabels: readonly string[]): ExampleRow[] {
  const labels = new Set(modelLabels);
  const named = withOther(categories);
  const rest = Object.keys(state.examplesByCategory)
    .filter((c) => !named.includes(c))
    .sort();
  return [...named, ...rest].map((category) => {
    const count = state.examplesByCategory[category] ?? 0;
    const deskOwn = category !== OTHER_CATEGORY && !labels.has(category);
    return { category, count, deskOwn, needsMore: deskOwn && count < MIN_EXAMPLES_PER_NEW_CATEGORY };
  });
}

export interface EvidenceRow {
  category: string;
  answers: number;
  wrong: number;
  needed: number;
  /** It auto-approves doubted photos of this category. */
  earned: boolean;
}

/** How close each category of a head is to auto-approving doubted photos (AUTO_RULE_TEXT): the ones
 * that have earned it first, then by the share of the answers they need; categories with no answer
 * yet are left out. */
export function evidenceRows(head: DeskHead): EvidenceRow[] {
  return head.evidence
    .map((v) => ({ ...v, earned: head.autoCategories.includes(v.category) }))
    .filter((v) => v.earned || v.answers > 0)
    .sort((a, b) => Number(b.earned) - Number(a.earned) || b.answers / b.needed - a.answers / a.needed);
}
