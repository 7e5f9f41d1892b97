// Desk learning: the categories a desk adds in Review, "none of these", and the desk heads the
// station fits from its morning decisions. Pure types and rules, shared by the core and the UI.

/** "None of these / not a return category": filed into processed/Other/, counted in history,
 * never a label for one of the categories (the desk head learns it only as "send to review"). */
export const OTHER_CATEGORY = 'Other';

/** Where a person can file a photo, in key order: the station's categories, then Other. */
export const withOther = (categories: readonly string[]): string[] => [...categories, OTHER_CATEGORY];

/** A desk category needs this many decisions before a desk head may predict it. */
export const MIN_EXAMPLES_PER_NEW_CATEGORY = 20;

/** A desk head auto-approves a photo the base model doubted only in a category where its own
 * out-of-fold answers prove it: among every decision answered by a head that never saw it, those it
 * would have auto-approved into that category were so seldom wrong that the wrong rate is at most
 * AUTO_MAX_WRONG at one-sided 95 % (Clopper-Pearson). With none wrong that takes 299 such answers;
 * with one, 473. Until then its answers in that category go first in the review queue. */
export const AUTO_MAX_WRONG = 0.01;
export const AUTO_CONFIDENCE = 0.95;

/** A guarded category (one a desk head made worse) keeps the base model's answer, except where the
 * head moves a photo from it to a category it proved that move for: on decisions it never saw, the
 * move was right at least this often and never took a photo of the guarded category. A move that
 * never takes a guarded category's photo cannot make it worse; measured sender-disjoint it brings back
 * the accuracy the whole-category guard cost (models/training/EXPERIMENTS.md). */
export const MIN_GUARD_EXCEPTION_RIGHT = 5;

/** The rule in one sentence, for Settings. */
export const AUTO_RULE_TEXT =
  `A desk head auto-approves a photo the base model doubted only in a category where its own answers on decisions it ` +
  `never saw prove, at 95 % confidence, that at most ${AUTO_MAX_WRONG * 100} % of such auto-approvals would be wrong.`;

/** One category's evidence for auto-approval: the out-of-fold answers a head would have auto-approved
 * into it, how many of those were wrong, and how many such answers it needs in all with that many
 * wrong (it has earned auto-approval when `answers >= needed`). */
export interface AutoEvidence {
  category: string;
  answers: number;
  wrong: number;
  needed: number;
}

/** The one-sided upper confidence bound (Clopper-Pearson) on a rate seen as `wrong` of `n`: the rate at
 * which seeing at most `wrong` in `n` has probability 1 - `confidence`. */
export function clopperPearsonUpper(wrong: number, n: number, confidence = AUTO_CONFIDENCE): number {
  if (n <= 0 || wrong >= n) return 1;
  const alpha = 1 - confidence;
  if (wrong === 0) return 1 - Math.pow(alpha, 1 / n);
  // P(X <= wrong | n, p) falls as p rises: bisect for the p where it equals alpha.
  let lo = wrong / n;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(wrong, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** P(X <= k) for X ~ Binomial(n, p), summed in log space (n may be tens of thousands). */
function binomialCdf(k: number, n: number, p: number): number {
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let logTerm = n * lq; // i = 0
  let logSum = logTerm;
  for (let i = 0; i < k; i++) {
    logTerm += Math.log((n - i) / (i + 1)) + lp - lq;
    const m = Math.max(logSum, logTerm);
    logSum = m + Math.log(Math.exp(logSum - m) + Math.exp(logTerm - m));
  }
  return Math.exp(logSum);
}

/** The fewest auto-approvals with `wrong` of them wrong that prove the rate at most AUTO_MAX_WRONG. */
export function answersNeeded(wrong: number, maxWrong = AUTO_MAX_WRONG, confidence = AUTO_CONFIDENCE): number {
  let hi = Math.max(1, wrong + 1);
  while (clopperPearsonUpper(wrong, hi, confidence) > maxWrong) hi *= 2;
  let lo = Math.max(1, wrong + 1, Math.floor(hi / 2));
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (clopperPearsonUpper(wrong, mid, confidence) <= maxWrong) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}

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
  /** Whether it may auto-approve a photo the base model doubted in any category (`autoCategories`). */
  autoApprovesDoubted: boolean;
  /** The categories where it has earned that (see AUTO_MAX_WRONG); elsewhere such photos go to review,
   * its answer first. */
  autoCategories: string[];
  /** Each category's evidence so far, for Settings: how close it is to auto-approval. */
  evidence: AutoEvidence[];
  /** Categories whose photos keep the base model's answer: on the check the head was worse there than
   * the base model beyond chance (a head never makes a category worse). */
  guarded: string[];
  /** [base answer, head answer]: the moves a guarded category still lets the head make, each right on
   * at least MIN_GUARD_EXCEPTION_RIGHT decisions it never saw and never taking a photo of the guarded
   * category there. */
  guardExceptions: [string, string][];
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
