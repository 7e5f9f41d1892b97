// The desk head: a softmax regression over each photo's features, its base logits and its photo kind,
// fitted on the desk's own review decisions. Pure: the station (desk-learning-service.ts), the batch
// worker and `npm run eval --adapt-from` all call these same functions.
//
// The rule that keeps it honest: decisions are put in the order they were taken, the most recent
// 20 % are kept out of the fit as its check, and the head is used only when, on that check, it is
// right more often than the base model by more than chance would explain (a one-sided sign test on
// the decisions where the two disagree) and auto-approves no more photos into a wrong category.
// Labels that contradict the photos give a head no better than the base model: it is refused. So is
// a head whose fit did not converge. A fit never throws on the desk's own data: a decision whose
// stored outputs are not finite numbers is left out (or it would stop every later fit), and
// decisions that cannot give settings chosen out of fold give a reason instead of a head.
import {
  answersNeeded,
  AUTO_MAX_WRONG,
  clopperPearsonUpper,
  MIN_EXAMPLES_PER_NEW_CATEGORY,
  MIN_GUARD_EXCEPTION_RIGHT,
  OTHER_CATEGORY,
  type AutoEvidence,
  type DeskHead,
} from '../../../src-shared/desk-learning.ts';
import type { Guess } from '../../../src-shared/domain.ts';
import { balancedWeights, fitSoftmax, predictProbabilities, type SoftmaxModel } from './softmax-regression.ts';

/** One reviewed photo as the head learns from it. */
export interface DeskExample {
  decisionId: number;
  /** The category the person settled on, or OTHER_CATEGORY. */
  label: string;
  features: Float32Array;
  logits: Float32Array;
  photoKind: 'studio' | 'photo';
  /** What the base model alone said (the head in use may have said otherwise). */
  base: Guess;
}

export interface FittedDeskHead {
  /** Output order: the model's labels, then desk categories, then Other when present. */
  classes: string[];
  model: SoftmaxModel;
  /** The categories in which it may auto-approve a photo the base model doubted (AUTO_MAX_WRONG). */
  autoCategories: string[];
  /** Categories whose photos keep the base model's answer (it was worse there on its check). */
  guarded: string[];
  /** [base answer, head answer]: the moves out of a guarded category the head proved. */
  guardExceptions: [string, string][];
}

/** A fitted head with its figures and verdict, as desk_heads records them. */
export type DeskHeadFit = { head: FittedDeskHead } & Omit<DeskHead, 'id' | 'createdAt' | 'trigger' | 'classes'>;

export interface DeskHeadOptions {
  /** The base model's labels, in its output order. */
  labels: readonly string[];
  /** The auto-approval threshold (high band). */
  high: number;
  /** A fixed weight decay instead of the out-of-fold choice among WEIGHT_DECAYS (experiments). */
  weightDecay?: number;
  /** L-BFGS iterations each fit may take (fitSoftmax's default when absent); a head whose fits did
   * not converge within them is refused. */
  maxIterations?: number;
}

/** Fewer decisions than this and the check is too small to say anything. */
export const MIN_DECISIONS = 25;
export const CHECK_SHARE = 0.2;
/** One-sided 95 % for the sign test on disagreements. */
const Z = 1.645;

/** The head's input for one photo: the features' square roots (pooled ReLU activations are heavy-
 * tailed; the root evens them out: on real-clothing's replay it lifted a new category's recall from
 * 76 % to 86 % at 800 decisions), the logits, and 1 for a studio shot. */
export function headInput(features: Float32Array, logits: ArrayLike<number>, photoKind: 'studio' | 'photo'): Float32Array {
  const row = new Float32Array(features.length + logits.length + 1);
  for (let i = 0; i < features.length; i++) row[i] = Math.sqrt(Math.max(0, features[i]!));
  for (let i = 0; i < logits.length; i++) row[features.length + i] = logits[i]!;
  row[row.length - 1] = photoKind === 'studio' ? 1 : 0;
  return row;
}

export function predictWithHead(head: FittedDeskHead, row: Float32Array): { category: string; confidence: number; top3: Guess[] } {
  const p = predictProbabilities(head.model, row);
  // "Other" is never an answer: its share of the probability only lowers every category's, so a
  // photo that looks like none of them goes to review.
  const guesses = head.classes
    .map((category, i) => ({ category, confidence: p[i]! }))
    .filter((g) => g.category !== OTHER_CATEGORY)
    .sort((a, b) => b.confidence - a.confidence);
  return { category: guesses[0]!.category, confidence: guesses[0]!.confidence, top3: guesses.slice(0, 3) };
}

/** A photo as a head sees it: its features, logits and kind, and the base model's answer. */
export type HeadPhoto = Pick<DeskExample, 'features' | 'logits' | 'photoKind' | 'base'>;

/** Filed with no person looking, into a category the decision does not name. */
const isWrongAuto = (label: string, g: Guess, high: number) => g.confidence >= high && (label === OTHER_CATEGORY || g.category !== label);

/**
 * The station's answer with a head in use. The head learnt only from photos people reviewed, the
 * ones the base model doubted, so it answers those. A photo the base model would auto-approve keeps
 * that answer when the head agrees; when the head would file it elsewhere, it vetoes the auto-approval
 * (the photo goes to review, the head's guess first). Its own auto-approvals come only from photos the
 * base model doubted, at a confidence tempered so that none of its held-out decisions was filed wrongly,
 * and only in a category where its out-of-fold answers prove the wrong rate small (AUTO_MAX_WRONG). A
 * photo the base model puts in a guarded category keeps the base model's answer.
 */
export function answerWithHead(
  head: FittedDeskHead,
  photo: HeadPhoto,
  high: number,
): { category: string; confidence: number; top3: Guess[] } | null {
  // A category where the head did worse than the base model keeps the base model's answer, but for
  // the moves out of it the head proved (asked first, so a guarded photo with none costs no prediction).
  const from = photo.base.category;
  const moves = head.guarded.includes(from) ? head.guardExceptions.filter(([b]) => b === from).map(([, to]) => to) : null;
  if (moves?.length === 0) return null;
  const h = predictWithHead(head, headInput(photo.features, photo.logits, photo.photoKind));
  if (moves && !moves.includes(h.category)) return null;
  // Its answer, first in the review queue: never auto-approved.
  const toReview = { ...h, confidence: Math.min(h.confidence, belowHigh(high)) };
  if (photo.base.confidence < high) return head.autoCategories.includes(h.category) ? h : toReview;
  if (h.category === photo.base.category) return null; // agreed: the base model's answer stands
  return toReview;
}

/** The largest confidence still under the auto-approval threshold. */
export const belowHigh = (high: number) => high - 1e-6;

/** The classes a head may answer: the model's labels, and every desk category (and Other) with
 * enough decisions, counted over all of them, the check included. */
function headClasses(labels: readonly string[], examples: readonly DeskExample[]): string[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  const extra = [...counts.keys()].filter(
    (c) => !labels.includes(c) && c !== OTHER_CATEGORY && counts.get(c)! >= MIN_EXAMPLES_PER_NEW_CATEGORY,
  );
  const other = (counts.get(OTHER_CATEGORY) ?? 0) >= MIN_EXAMPLES_PER_NEW_CATEGORY ? [OTHER_CATEGORY] : [];
  return [...labels, ...extra, ...other];
}

/** The head's confidence is tempered until, on decisions it was not fitted on, it would auto-approve
 * none into a wrong category: the base model auto-approves none of the photos people review (that is
 * why they were reviewed), so any wrong auto-approval there would already be one too many. */
const TEMPERATURES = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 12, 16];

function tempered(head: FittedDeskHead, t: number): FittedDeskHead {
  return { ...head, model: { ...head.model, weights: head.model.weights.map((w) => w / t) } };
}

type Answered = { e: DeskExample; h: FittedDeskHead };

/** Each half of the training decisions answered by a head fitted on the other half: every decision
 * gets an answer from a head that never saw it (2-fold cross-fitting, by decision order). Null when
 * a half has no decision the head could learn from. */
function outOfFold(train: readonly DeskExample[], classes: readonly string[], fit: FitSettings): OutOfFold | null {
  const mid = Math.floor(train.length / 2);
  const halves = [train.slice(0, mid), train.slice(mid)] as const;
  const onSecond = fitHeadOn(halves[1], classes, fit);
  const onFirst = fitHeadOn(halves[0], classes, fit);
  if (!onSecond || !onFirst) return null;
  return {
    answers: [...halves[0].map((e) => ({ e, h: onSecond.head })), ...halves[1].map((e) => ({ e, h: onFirst.head }))],
    converged: onSecond.converged && onFirst.converged,
  };
}

interface OutOfFold {
  answers: Answered[];
  /** Both fits converged. */
  converged: boolean;
}

/** Each decision's answer from its out-of-fold head tempered by t. */
function answersAt(answers: Answered[], t: number, high: number): { e: DeskExample; g: Guess }[] {
  const byHead = new Map<FittedDeskHead, FittedDeskHead>();
  return answers.map(({ e, h }) => {
    if (!byHead.has(h)) byHead.set(h, tempered(h, t));
    return { e, g: answerWithHead(byHead.get(h)!, e, high) ?? e.base };
  });
}

/** The smallest temperature at which no held-out decision is auto-approved wrongly. */
function safeTemperature(answers: Answered[], high: number): number {
  for (const t of TEMPERATURES) {
    if (!answersAt(answers, t, high).some(({ e, g }) => isWrongAuto(e.label, g, high))) return t;
  }
  return TEMPERATURES[TEMPERATURES.length - 1]!;
}

/** Per category, the doubted photos (base confidence under `high`) that out-of-fold answers would have
 * auto-approved into it, how many of them wrongly, and how many it needs (AUTO_MAX_WRONG at 95 %). */
export function autoEvidence(
  answered: readonly { e: Pick<DeskExample, 'label' | 'base'>; g: Guess }[],
  classes: readonly string[],
  high: number,
): AutoEvidence[] {
  return classes
    .filter((c) => c !== OTHER_CATEGORY)
    .map((category) => {
      const autos = answered.filter(({ e, g }) => e.base.confidence < high && g.category === category && g.confidence >= high);
      const wrong = autos.filter(({ e }) => e.label !== category).length;
      return { category, answers: autos.length, wrong, needed: answersNeeded(wrong) };
    });
}

/** The categories whose evidence bounds the wrong rate at AUTO_MAX_WRONG. */
export const earned = (evidence: readonly AutoEvidence[]): string[] =>
  evidence.filter((v) => clopperPearsonUpper(v.wrong, v.answers) <= AUTO_MAX_WRONG).map((v) => v.category);

/** Weight decays tried; the one whose heads answer the most decisions right out of fold is used (the
 * stronger on a tie). Chosen on at most the newest SELECTION_ROWS decisions, so a desk with a year
 * of them still fits in seconds. On the real-clothing replay the choice sat at 0.3, the edge of an
 * older 0.01–0.3 grid, at every point: the grid now reaches past it both ways. */
export const WEIGHT_DECAYS = [0.03, 0.1, 0.3, 1, 3];
const SELECTION_ROWS = 4000;

function outOfFoldAccuracy(answers: Answered[]): number {
  const labelled = answers.filter(({ e }) => e.label !== OTHER_CATEGORY);
  const right = labelled.filter(({ e, h }) => predictWithHead(h, headInput(e.features, e.logits, e.photoKind)).category === e.label);
  return right.length / Math.max(1, labelled.length);
}

/** Chooses the weight decay and the temperature out of fold, then fits on all the training decisions;
 * with the head (allowed to auto-approve everywhere until fitDeskHead weighs the evidence), the
 * training decisions' out-of-fold answers at that temperature, and whether every fit on the way
 * converged. Null when a half of the recent decisions has none to learn from. */
function fitTempered(
  train: readonly DeskExample[],
  classes: readonly string[],
  high: number,
  opts: Pick<DeskHeadOptions, 'weightDecay' | 'maxIterations'>,
): { head: FittedDeskHead; outOfFold: { e: DeskExample; g: Guess }[]; converged: boolean } | null {
  const recent = train.slice(-SELECTION_ROWS);
  let best: { wd: number; accuracy: number; answers: Answered[]; converged: boolean } | null = null;
  for (const wd of opts.weightDecay === undefined ? WEIGHT_DECAYS : [opts.weightDecay]) {
    const fold = outOfFold(recent, classes, { weightDecay: wd, maxIterations: opts.maxIterations });
    if (!fold) return null;
    const accuracy = outOfFoldAccuracy(fold.answers);
    if (!best || accuracy >= best.accuracy) best = { wd, accuracy, answers: fold.answers, converged: fold.converged };
  }
  // Only the fits the head stands on must have converged: the chosen weight decay's and the final.
  const converged = best!.converged;
  const t = safeTemperature(best!.answers, high);
  // Never null: `train` holds `recent`, whose halves both had decisions to learn from.
  const final = fitHeadOn(train, classes, { weightDecay: best!.wd, maxIterations: opts.maxIterations })!;
  return { head: tempered(final.head, t), outOfFold: answersAt(best!.answers, t, high), converged: converged && final.converged };
}

interface FitSettings {
  weightDecay: number;
  maxIterations: number | undefined;
}

/** A head fitted on the decisions whose label is one of `classes`; null when there is none. */
function fitHeadOn(
  train: readonly DeskExample[],
  classes: readonly string[],
  { weightDecay, maxIterations }: FitSettings,
): { head: FittedDeskHead; converged: boolean } | null {
  const usable = train.filter((e) => classes.includes(e.label));
  const first = usable[0];
  if (!first) return null;
  const dims = headInput(first.features, first.logits, 'photo').length;
  const x = new Float32Array(usable.length * dims);
  const y = new Int32Array(usable.length);
  usable.forEach((e, i) => {
    x.set(headInput(e.features, e.logits, e.photoKind), i * dims);
    y[i] = classes.indexOf(e.label);
  });
  const { model, converged } = fitSoftmax(x, y, classes.length, {
    weightDecay,
    maxIterations,
    sampleWeights: balancedWeights(y, classes.length),
  });
  // Allowed everywhere here so that the out-of-fold heads show what they would auto-approve; the
  // evidence decides (fitDeskHead).
  return { head: { classes: [...classes], model, autoCategories: [...classes], guarded: [], guardExceptions: [] }, converged };
}

/** Whether a decision's stored features and logits are all finite numbers: one that is not (a model
 * output that overflowed, a damaged row) can neither be learnt from nor judged on. */
export function hasFiniteInput(e: Pick<DeskExample, 'features' | 'logits'>): boolean {
  return e.features.every(Number.isFinite) && e.logits.every(Number.isFinite);
}

const leftOutNote = (n: number) =>
  n === 0 ? '' : ` Left out ${n} decision${n === 1 ? '' : 's'} whose stored features or logits are not finite numbers.`;

interface CheckFigures {
  accuracy: number;
  wrongAuto: number;
  right: boolean[];
}

function score(check: readonly DeskExample[], answer: (e: DeskExample) => Guess, high: number): CheckFigures {
  const right: boolean[] = [];
  let wrongAuto = 0;
  for (const e of check) {
    const g = answer(e);
    if (isWrongAuto(e.label, g, high)) wrongAuto++;
    if (e.label !== OTHER_CATEGORY) right.push(g.category === e.label);
  }
  const accuracy = right.length ? right.filter(Boolean).length / right.length : 0;
  return { accuracy, wrongAuto, right };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/** Fits a head on the older 80 % of the decisions and judges it on the newest 20 %; the reason instead
 * of a head when no head can be fitted (too few decisions, a half with none to learn from). Never
 * throws on the decisions themselves: those whose features are not finite are left out. */
export function fitDeskHead(examples: readonly DeskExample[], opts: DeskHeadOptions): DeskHeadFit | { problem: string } {
  const finite = examples.filter(hasFiniteInput);
  const leftOut = leftOutNote(examples.length - finite.length);
  if (finite.length < MIN_DECISIONS)
    return {
      problem: `A desk head needs at least ${MIN_DECISIONS} review decisions for this model; there are ${finite.length}.${leftOut}`,
    };
  const ordered = [...finite].sort((a, b) => a.decisionId - b.decisionId);
  const checkCount = Math.ceil(ordered.length * CHECK_SHARE);
  const train = ordered.slice(0, ordered.length - checkCount);
  const check = ordered.slice(ordered.length - checkCount);
  const classes = headClasses(opts.labels, ordered);
  const fitted = fitTempered(train, classes, opts.high, opts);
  if (!fitted)
    return {
      problem:
        `No desk head: half of the older decisions name no category it can answer yet (a category the desk adds, and Other, ` +
        `need ${MIN_EXAMPLES_PER_NEW_CATEGORY} decisions), so its settings cannot be chosen on decisions it was not fitted on.${leftOut}`,
    };
  const { head: allowed, outOfFold, converged } = fitted;
  const answerOf = (head: FittedDeskHead) => (e: DeskExample) => answerWithHead(head, e, opts.high) ?? e.base;
  // Every decision answered by a head that never saw it: the training decisions out of fold, the
  // check by the head fitted on the training decisions.
  const everyAnswer = [...outOfFold, ...check.map((e) => ({ e, g: answerOf(allowed)(e) }))];
  const evidence = autoEvidence(everyAnswer, classes, opts.high);
  // The guard weighs the same answers: the check alone (a fifth of the decisions) missed a head that
  // was worse on t-shirts and shirts than the base model (models/training/EXPERIMENTS.md).
  const guarded = guardedCategories(everyAnswer, opts.labels);
  const guardExceptions = provenMoves(everyAnswer, guarded);
  const head: FittedDeskHead = { ...allowed, autoCategories: earned(evidence), guarded, guardExceptions };
  const h = score(check, answerOf(head), opts.high);
  const b = score(check, (e) => e.base, opts.high);
  let better = 0;
  let worse = 0;
  h.right.forEach((ok, i) => {
    if (ok && !b.right[i]) better++;
    if (!ok && b.right[i]) worse++;
  });
  const beats = better - worse > 0 && better - worse >= Z * Math.sqrt(better + worse);
  const accepted = converged && beats && h.wrongAuto <= b.wrongAuto;
  const figures = `${pct(h.accuracy)} right on the ${check.length} newest decisions against the base model's ${pct(b.accuracy)}`;
  const own = head.autoCategories.length
    ? ` It auto-approves doubted photos in ${head.autoCategories.join(', ')}: its answers on decisions it never saw prove it.`
    : ` Doubted photos go to review, its answer first, until its answers prove a category (${closest(evidence)}).`;
  const moves = guardExceptions.length
    ? ` (except ${guardExceptions.map(([from, to]) => `${from} to ${to}`).join(', ')}: proven moves)`
    : '';
  const kept = guarded.length ? ` ${guarded.join(', ')} keep the base model's answer${moves}: it was worse there.` : '';
  const verdict = accepted
    ? `Used: ${figures}, ${h.wrongAuto} wrong auto-approved (base model ${b.wrongAuto}).${own}${kept}`
    : !converged
      ? `Not used: its fit stopped before it converged (L-BFGS ran out of iterations or stalled), so its figures cannot be trusted: ${figures}.`
      : !beats
        ? `Not used: ${figures}, not better by more than chance.`
        : `Not used: it would auto-approve ${h.wrongAuto} of the ${check.length} newest decisions into a wrong category, the base model ${b.wrongAuto}.`;
  const reason = verdict + leftOut;
  return {
    head,
    examples: train.length,
    checkExamples: check.length,
    checkAccuracy: h.accuracy,
    baseCheckAccuracy: b.accuracy,
    checkWrongAuto: h.wrongAuto,
    baseCheckWrongAuto: b.wrongAuto,
    accepted,
    autoApprovesDoubted: head.autoCategories.length > 0,
    autoCategories: head.autoCategories,
    evidence,
    guarded,
    guardExceptions,
    reason,
  };
}

/** The base model's categories the head made worse beyond chance, on every decision answered by a head
 * that never saw it (the training decisions out of fold, the check by the head fitted on the rest): of
 * the decisions labelled c, it got wrong more that the base model got right than the other way round,
 * by more than the one-sided sign test allows (as the head as a whole is judged). */
function guardedCategories(answered: readonly { e: DeskExample; g: Guess }[], labels: readonly string[]): string[] {
  return labels.filter((c) => {
    let better = 0;
    let worse = 0;
    for (const { e, g } of answered) {
      if (e.label !== c) continue;
      const headRight = g.category === c;
      const baseRight = e.base.category === c;
      if (headRight && !baseRight) better++;
      if (!headRight && baseRight) worse++;
    }
    return worse - better > 0 && worse - better >= Z * Math.sqrt(worse + better);
  });
}

/** The moves out of a guarded category that the head proved, on the same answers as the guard: of
 * the decisions the base model put in guarded category b and the head in a, at least
 * MIN_GUARD_EXCEPTION_RIGHT were a, and none was b (a move that never takes b's photos cannot make b
 * worse; the whole-category guard had kept hoodies and dresses the base model calls Tshirts as
 * Tshirts). In the order first met. */
export function provenMoves(answered: readonly { e: DeskExample; g: Guess }[], guarded: readonly string[]): [string, string][] {
  const moves = new Map<string, { pair: [string, string]; right: number; tookGuarded: boolean }>();
  for (const { e, g } of answered) {
    const from = e.base.category;
    if (!guarded.includes(from) || g.category === from) continue;
    const key = `${from}\u0000${g.category}`;
    const m = moves.get(key) ?? { pair: [from, g.category], right: 0, tookGuarded: false };
    if (e.label === g.category) m.right++;
    if (e.label === from) m.tookGuarded = true;
    moves.set(key, m);
  }
  return [...moves.values()].filter((m) => !m.tookGuarded && m.right >= MIN_GUARD_EXCEPTION_RIGHT).map((m) => m.pair);
}

/** The category nearest to auto-approval, in words. */
function closest(evidence: readonly AutoEvidence[]): string {
  const best = [...evidence].sort((a, b) => b.answers / b.needed - a.answers / a.needed)[0];
  return best && best.answers > 0 ? `closest: ${best.category}, ${best.answers} of ${best.needed} answers` : 'none has answers yet';
}
