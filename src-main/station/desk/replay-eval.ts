// `npm run eval -- --data DIR --label-map FILE --adapt-from DIR2`: what desk learning would do for a
// desk whose mornings were DIR2's photos. DIR2's photos come in a seeded random order; each one the
// station in use would send to review (not auto-approved; every one with `reviewAll`) becomes a
// decision, as a person would take it: accept when the model's answer counts as right, else the
// kind's first category, "Other" for a kind of none (or the new category `--new-category` names).
// The first decision of a new category adds it, as N does: the clerk is offered the model's kind of
// that photo (desk-kinds.ts) and takes it only when it names the photo's true kind (the name of
// real-clothing's kind in the model's vocabulary); `kindOffers: false` declines every offer.
// At each curve point the head is fitted and judged with the app's own code (desk-head.ts) and, when
// accepted, put in use, as the nightly fit does; DIR is then scored by the station as it stands.
import { OTHER_CATEGORY } from '../../../src-shared/desk-learning.ts';
import type { Guess, KindGuess, KindsVocabulary } from '../../../src-shared/domain.ts';
import type { Classifier } from '../classify/classifier.ts';
import { computeMetrics, type KindMetrics, type Scored } from '../classify/eval-metrics.ts';
import { EvalInputError, listEvalPhotos, type EvalPhoto, type LabelMap, type PhotoFilter } from '../classify/evaluate-folder.ts';
import { seededRandom } from '../synthetic/seeded-random.ts';
import { fitDeskHead, type DeskExample, type FittedDeskHead, type HeadPhoto } from './desk-head.ts';
import { applyDeskHead } from './active-desk-head.ts';
import { kindsOffered } from './desk-kinds.ts';
import { roundTripFeatures } from '../db/features-codec.ts';

export interface ReplayOptions {
  /** The folders whose photos become decisions, and which of them (a sender split). */
  adaptFrom: readonly string[];
  adaptKeep?: PhotoFilter;
  /** The folders scored at each point, and which of their photos. */
  data: readonly string[];
  dataKeep?: PhotoFilter;
  labelMap: LabelMap;
  /** Decisions at which to refit and score, ascending. */
  curve: number[];
  /** kind → the new category its photos are decided as (in DIR2) and count as right under (in DIR). */
  newCategories: Record<string, string>;
  reviewAll: boolean;
  /** Whether the simulated clerk takes a right offer of the model's kind when adding a category. */
  kindOffers?: boolean;
  seed: number;
  high: number;
  log?: (line: string) => void;
}

export interface ReplayPoint {
  decisions: number;
  /** The fit at this point (null at 0 decisions or when there were too few). */
  fit: { accepted: boolean; reason: string; checkAccuracy: number; baseCheckAccuracy: number } | null;
  /** Whether a desk head was in use for the scoring (this point's or an earlier accepted one). */
  headInUse: boolean;
  accuracy: number;
  wrongAutoApproved: number;
  autoApprovedCoverage: number;
  /** Share of the scored photos a person must look at (not auto-approved). */
  reviewLoad: number;
  newCategoryRecall: Record<string, number>;
  perKind: Record<string, KindMetrics>;
}

export interface ReplayReport {
  model: { name: string; version: string; sha256: string };
  adaptFromPhotos: number;
  dataPhotos: number;
  reviewAll: boolean;
  seed: number;
  points: ReplayPoint[];
  /** Photos of DIR2 that were looked at (auto-approved ones are passed over, as at a desk). */
  photosSeen: number;
  /** Each new category as it was added: the kind offered for its first photo, and whether taken. */
  kindOffers: { category: string; decisions: number; offered: string[]; taken: boolean }[];
}

/** A photo of either folder as the head sees it (features as stored), with its kind and labels. */
export interface ScoredPhoto extends HeadPhoto {
  photo: EvalPhoto;
  /** The kinds head's reading (models 3.0 on). */
  kind: KindGuess | null;
}

export function parseNewCategories(specs: readonly string[], labelMap: LabelMap, labels: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const m = /^([^=]+)=(.+)$/.exec(spec);
    if (!m) throw new EvalInputError(`--new-category ${spec}: expected KIND=Name`);
    const [, kind, name] = m as unknown as [string, string, string];
    if (!(kind in labelMap)) throw new EvalInputError(`--new-category ${spec}: "${kind}" is not a kind of the label map`);
    if (labels.includes(name) || name === OTHER_CATEGORY) throw new EvalInputError(`--new-category ${spec}: "${name}" is not new`);
    out[kind] = name;
  }
  return out;
}

export function parseCurve(raw: string): number[] {
  const points = raw.split(',').map((s) => Number(s.trim()));
  if (points.some((p) => !Number.isInteger(p) || p < 0) || points.some((p, i) => i > 0 && p <= points[i - 1]!))
    throw new EvalInputError(`--curve ${raw}: expected ascending whole numbers, e.g. 0,50,100,200,400,800`);
  return points;
}

async function scoreAll(classifier: Classifier, photos: EvalPhoto[]): Promise<ScoredPhoto[]> {
  const results = await classifier.classifyMany(photos.map((p) => p.file));
  const out: ScoredPhoto[] = [];
  results.forEach((r, i) => {
    if (!r.ok) return; // an unreadable photo never reaches a desk decision or a score
    const { features, logits, photoKind, category, confidence, kind } = r.prediction;
    if (!features) throw new EvalInputError('This model has no features output (model.json "embedding"): desk learning needs one.');
    out.push({
      photo: photos[i]!,
      features: roundTripFeatures(features),
      logits: Float32Array.from(logits),
      photoKind,
      base: { category, confidence },
      kind: kind ?? null,
    });
  });
  return out;
}

/** Both folders scored once by the base model (the replay then needs only the features). */
export interface ReplayPhotos {
  labels: readonly string[];
  /** The model's labels, then the new categories. */
  extended: string[];
  /** The model's kinds (null: a model without a kinds output). */
  kinds: KindsVocabulary | null;
  train: ScoredPhoto[];
  val: ScoredPhoto[];
}

export async function scoreReplayPhotos(
  classifier: Classifier,
  opts: Pick<ReplayOptions, 'adaptFrom' | 'adaptKeep' | 'data' | 'dataKeep' | 'labelMap' | 'newCategories' | 'log'>,
): Promise<ReplayPhotos> {
  const labels = classifier.manifest.labels;
  const extended = [...labels, ...new Set(Object.values(opts.newCategories))];
  // The label map with the new categories in their kinds' place.
  const map: LabelMap = { ...opts.labelMap };
  for (const [kind, name] of Object.entries(opts.newCategories)) map[kind] = [name];
  const train = await listEvalPhotos(opts.adaptFrom, extended, map, opts.adaptKeep);
  const val = await listEvalPhotos(opts.data, extended, map, opts.dataKeep);
  opts.log?.(`Scoring ${train.photos.length} photos of ${opts.adaptFrom.join(', ')} and ${val.photos.length} of ${opts.data.join(', ')} …`);
  const kinds = classifier.manifest.kinds ?? null;
  return { labels, extended, kinds, train: await scoreAll(classifier, train.photos), val: await scoreAll(classifier, val.photos) };
}

export async function replayEval(classifier: Classifier, opts: ReplayOptions): Promise<ReplayReport> {
  const { name, version, sha256 } = classifier.manifest;
  return { model: { name, version, sha256 }, ...replayCurve(await scoreReplayPhotos(classifier, opts), opts) };
}

/** The replay itself, over photos already scored. */
export function replayCurve(photos: ReplayPhotos, opts: ReplayOptions & { weightDecay?: number }): Omit<ReplayReport, 'model'> {
  const log = opts.log ?? (() => {});
  const { labels, extended, kinds, train: trainScored, val: valScored } = photos;
  const rng = seededRandom(opts.seed);
  const order = trainScored.map((s) => ({ s, k: rng.next() })).sort((a, b) => a.k - b.k);

  let head: FittedDeskHead | null = null;
  const deskKinds = new Map<string, string>();
  const kindOffers: ReplayReport['kindOffers'] = [];
  // The station's own answer (intake and the batch call the same function), with this replay's head.
  const answer = (s: ScoredPhoto): Guess => {
    const active = head && { id: 1, modelSha256: REPLAY_MODEL, head };
    const p = {
      ...s.base,
      top3: [s.base],
      modelSha256: REPLAY_MODEL,
      features: s.features,
      logits: s.logits,
      photoKind: s.photoKind,
      kind: s.kind,
    };
    const a = applyDeskHead(p, active, opts.high, deskKinds);
    return { category: a.category, confidence: a.confidence };
  };
  /** N for the first photo of a new category: the clerk takes the kind offered when it is the photo's. */
  const addCategory = (label: string, s: ScoredPhoto) => {
    const offered = kinds ? kindsOffered(s.kind, kinds, deskKinds) : [];
    const trueName = kinds?.names[`real:${s.photo.kind}`];
    const taken = opts.kindOffers !== false && offered.length > 0 && trueName !== undefined && kinds!.names[offered[0]!] === trueName;
    if (taken) for (const k of offered) deskKinds.set(k, label);
    kindOffers.push({ category: label, decisions: examples.length, offered, taken });
    const what = offered.length ? `offered the kind ${offered.join(' / ')}: ${taken ? 'taken' : 'declined'}` : 'no kind offered';
    log(`${String(examples.length).padStart(5)} decisions: ${label} added for a photo of ${s.photo.kind}, ${what}`);
  };
  const examples: DeskExample[] = [];
  const points: ReplayPoint[] = [];
  let seen = 0;

  const scorePoint = (fit: ReplayPoint['fit']): ReplayPoint => {
    const scored: Scored[] = valScored.map((s) => {
      const g = answer(s);
      return {
        truth: s.photo.truth,
        acceptable: s.photo.acceptable,
        kind: s.photo.kind,
        predicted: extended.indexOf(g.category),
        confidence: g.confidence,
      };
    });
    const m = computeMetrics(scored, extended, { high: opts.high, low: Math.min(0.7, opts.high) });
    const newCategoryRecall: Record<string, number> = {};
    for (const [kind, name] of Object.entries(opts.newCategories)) {
      const of = scored.filter((s) => s.kind === kind);
      newCategoryRecall[name] = of.length ? of.filter((s) => s.predicted === extended.indexOf(name)).length / of.length : 0;
    }
    return {
      decisions: examples.length,
      fit,
      headInUse: head !== null,
      accuracy: m.accuracy,
      wrongAutoApproved: m.wrongAutoApproved,
      autoApprovedCoverage: m.autoApprovedCoverage,
      reviewLoad: m.reviewLoad,
      newCategoryRecall,
      perKind: m.perKind,
    };
  };

  const refit = (): ReplayPoint['fit'] => {
    const fit = fitDeskHead(examples, { labels, high: opts.high, weightDecay: opts.weightDecay });
    if ('problem' in fit) return null;
    if (fit.accepted) head = fit.head;
    const { accepted, reason, checkAccuracy, baseCheckAccuracy } = fit;
    return { accepted, reason, checkAccuracy, baseCheckAccuracy };
  };

  let next = 0;
  for (const { s } of order) {
    while (next < opts.curve.length && examples.length === opts.curve[next]) {
      points.push(scorePoint(examples.length > 0 ? refit() : null));
      log(describePoint(points[points.length - 1]!));
      next++;
    }
    if (next >= opts.curve.length) break;
    seen++;
    const g = answer(s);
    if (!opts.reviewAll && g.confidence >= opts.high) continue; // auto-approved: nobody looks
    const right = s.photo.acceptable.map((k) => extended[k]!);
    const label = right.length === 0 ? OTHER_CATEGORY : right.includes(g.category) ? g.category : right[0]!;
    if (!labels.includes(label) && label !== OTHER_CATEGORY && !kindOffers.some((o) => o.category === label)) addCategory(label, s);
    examples.push({
      decisionId: examples.length + 1,
      label,
      features: s.features,
      logits: s.logits,
      photoKind: s.photoKind,
      base: s.base,
    });
  }
  while (next < opts.curve.length && examples.length >= opts.curve[next]!) {
    points.push(scorePoint(refit()));
    log(describePoint(points[points.length - 1]!));
    next++;
  }
  if (next < opts.curve.length) log(`${opts.adaptFrom.join(', ')} ran out of photos to review after ${examples.length} decisions.`);
  return {
    adaptFromPhotos: trainScored.length,
    dataPhotos: valScored.length,
    reviewAll: opts.reviewAll,
    seed: opts.seed,
    points,
    photosSeen: seen,
    kindOffers,
  };
}

/** The replay's head and photos belong to one model; the station checks the name, the replay needs none. */
const REPLAY_MODEL = 'replay';

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function kindRate(p: ReplayPoint, kinds: string[]): string {
  const ks = kinds.map((k) => p.perKind[k]).filter((k): k is KindMetrics => !!k);
  const n = ks.reduce((a, k) => a + k.count, 0);
  return n ? pct(ks.reduce((a, k) => a + k.right, 0) / n) : '–';
}

export function describePoint(p: ReplayPoint): string {
  const fit = p.fit
    ? `${p.fit.accepted ? 'head used' : 'head refused'} (check ${pct(p.fit.checkAccuracy)} vs base ${pct(p.fit.baseCheckAccuracy)})`
    : 'base model';
  const recall = Object.entries(p.newCategoryRecall)
    .map(([n, r]) => `; ${n} recall ${pct(r)}`)
    .join('');
  return (
    `${String(p.decisions).padStart(5)} decisions: ${fit}; accuracy ${pct(p.accuracy)}, wrong auto-approved ${pct(p.wrongAutoApproved)}, ` +
    `auto-approved ${pct(p.autoApprovedCoverage)}, review load ${pct(p.reviewLoad)}; t-shirt+shirt ${kindRate(p, ['t-shirt', 'shirt'])}, shoes ${kindRate(p, ['shoes'])}${recall}`
  );
}
