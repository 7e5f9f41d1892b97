// Desk learning: the categories a desk adds in Review, "none of these", and the desk heads the
// station fits from its morning decisions. Pure types and rules, shared by the core and the UI.

/** "None of these / not a return category": filed into processed/Other/, counted in history,
 * never a label for one of the categories (the desk head learns it only as "send to review"). */
export const OTHER_CATEGORY = 'Other';

/** Where a person can file a photo, in key order: the station's categories, then Other. */
export const withOther = (categories: readonly string[]): string[] => [...categories, OTHER_CATEGORY];

/** A desk category needs this many decisions before a desk head may predict it. */
export const MIN_EXAMPLES_PER_NEW_CATEGORY = 20;

/** A head auto-approves photos the base model doubted only once this many of its held-out answers
 * would have been auto-approved, none of them wrong. With none wrong in n, the wrong share is below
 * 3/n at 95 % (the rule of three): 150 bounds it at 2 %, the base model's own budget on real photos.
 * Until then its answers go first in the review queue. On the real-clothing replay a head fitted on
 * 80 to 160 decisions, trusted on a handful of held-out answers, doubled the wrong auto-approvals. */
export const OWN_AUTO_EVIDENCE = 150;

const NAME = /^[\p{L}\p{N}][\p{L}\p{N} -]*$/u;

/** Why `raw` cannot be a new category (null when it can): letters (any script), digits, spaces and dashes, at
 * most 40 characters, not a name the station has already (case does not make a name new, since
 * folders on Windows and macOS ignore it). */
export function categoryNameProblem(raw: string, existing: readonly string[]): string | null {
  const name = normaliseCategoryName(raw);
  if (name === '') return 'Type a name for the new category.';
  if (name.length > 40) return 'A category name has at most 40 characters.';
  if (!NAME.test(name)) return 'Use letters, digits, spaces and dashes only (starting with a letter or digit).';
  const lower = name.toLowerCase();
  if (lower === OTHER_CATEGORY.toLowerCase()) return `"${OTHER_CATEGORY}" is kept for "none of these" (key O).`;
  const same = existing.find((c) => c.toLowerCase() === lower);
  if (same) return `"${same}" exists already.`;
  return null;
}

/** Surrounding blanks dropped and inner runs of blanks made one (what is stored and shown). */
export function normaliseCategoryName(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ');
}

/** One fitted desk head: what it was fitted on, how it did on the check (the most recent 20 % of
 * decisions, kept out of its fit) beside the base model on the same decisions, and the verdict. */
export interface DeskHead {
  id: number;
  createdAt: string;
  trigger: 'nightly' | 'manual';
  /** The classes it can answer, in its output order (the model's labels, desk categories with
   * enough decisions, and "Other" when the desk has used it). */
  classes: string[];
  /** Decisions it was fitted on, and decisions kept out as its check. */
  examples: number;
  checkExamples: number;
  /** Share of check decisions (Other excluded) it got right; the base model's on the same ones. */
  checkAccuracy: number;
  baseCheckAccuracy: number;
  /** Check decisions it would have auto-approved into a wrong category; the base model's count. */
  checkWrongAuto: number;
  baseCheckWrongAuto: number;
  /** Whether it beat the base model on the check (only then is it used). */
  accepted: boolean;
  /** Whether it may auto-approve a photo the base model doubted: only once enough of its held-out
   * answers were auto-approved with none wrong. Until then such photos go to review, its answer first. */
  autoApprovesDoubted: boolean;
  /** The verdict in one sentence, for Settings. */
  reason: string;
}

/** Settings' and History's view of desk learning. */
export interface DeskLearningState {
  /** The head predictions use now; null: the base model alone. */
  inUse: number | null;
  /** Every head fitted for the current model, newest first. */
  heads: DeskHead[];
  /** Decisions that are examples for the current model (all categories, Other included). */
  examples: number;
  examplesByCategory: Record<string, number>;
  /** A fit is running (nightly or Retrain now). */
  fitting: boolean;
  /** Why no head could be fitted at the last attempt (too few decisions…); null after a fit. */
  lastProblem: string | null;
}
