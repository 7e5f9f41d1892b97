// A night compared with the drift reference: each signal's statistic, its threshold (from nights
// resampled out of the reference itself) and the cause a clerk is told. Pure: no files, no clock.
import { DRIFT_SIGNALS, DRIFT_WORDS, driftMessage, type DriftCause, type DriftSignalName } from '../../../src-shared/drift.ts';
import { seededRandom } from '../synthetic/seeded-random.ts';
import {
  MMD_REFERENCE,
  nearestDistances,
  project,
  sqDist,
  statColumns,
  type DriftReference,
  type NightPhoto,
  type ReferenceColumns,
} from './drift-reference.ts';

export interface Signal {
  name: DriftSignalName;
  /** The statistic: KS distance (confidence), total variation (category mix), MMD² (embedding);
   * for the image signals the night's mean shift in reference standard deviations (absolute; for
   * sharpness, the loss). */
  value: number;
  threshold: number;
  flagged: boolean;
  /** Image signals: +1 the night is higher (brighter, warmer, bigger…), −1 lower. */
  direction?: number;
}

export type DriftThresholds = { nightSize: number; k: number; nights: number } & Record<DriftSignalName, number>;

export interface NightCheck {
  count: number;
  signals: Signal[];
  flagged: boolean;
  /** What the drift is put down to (null: nothing flagged), in the clerk's words. */
  cause: DriftCause | null;
  title: string | null;
  action: string | null;
  message: string | null;
  /** The new kind's photos (indices into the night), closest to the group's centre first. */
  group: number[];
}

/** k standard deviations of the stable nights' spread; chosen on the eval so that 90 stable nights
 * raise at most one false alarm over all signals (EXPERIMENTS.md, "Drift watch"). */
export const DEFAULT_K = 4;
/** The smallest shift worth an alert, in reference standard deviations (image signals), whatever
 * the night size: the desk's own rooms differ by that much without anything being wrong. */
const MIN_EFFECT: Partial<Record<DriftSignalName, number>> = {
  brightness: 0.35,
  'colour-cast': 0.35,
  sharpness: 0.35,
  'camera-size': 0.5,
  'camera-quality': 0.5,
};
/** With groups, a threshold is at least this quantile of the statistic between one half of the
 * reference's groups and a night drawn from the other half. */
export const GROUP_QUANTILE = 0.95;

const quantile = (xs: readonly number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))]!;
};

/** Standard deviations below these are the precision of the statistic, not a spread. */
const SD_FLOOR = { brightness: 0.01, castRB: 0.005, castG: 0.005, logSharpness: 0.02, logPixels: 0.05, logBytesPerPixel: 0.05 };
/** Photos of a night the embedding MMD reads (a seeded subsample of bigger nights). */
const MMD_NIGHT = 400;

/** A night in the reference's column form. */
interface NightColumns extends Omit<ReferenceColumns, 'category' | 'group'> {
  category: number[];
  projected: number[][] | null;
}

interface Prepared {
  mean: Record<keyof typeof SD_FLOOR, number>;
  sd: Record<keyof typeof SD_FLOOR, number>;
  categoryShare: number[];
  sortedConfidence: Float64Array;
  mmdRef: number[][] | null;
  mmdRefMean: number;
  pool: number[];
  thresholds: Map<string, DriftThresholds>;
}

const prepared = new WeakMap<DriftReference, Prepared>();

function prepare(ref: DriftReference): Prepared {
  const have = prepared.get(ref);
  if (have) return have;
  const p = prepareFrom(
    ref,
    ref.columns.confidence.map((_, i) => i),
    ref.seed + 11,
  );
  prepared.set(ref, p);
  return p;
}

/** The reference's figures over some of its photos (`idx`): all of them for a night's check, one
 * half of its nights for a simulated one. */
function prepareFrom(ref: DriftReference, idx: readonly number[], seed: number): Prepared {
  const c = ref.columns;
  const keys = Object.keys(SD_FLOOR) as (keyof typeof SD_FLOOR)[];
  const mean = {} as Prepared['mean'];
  const sd = {} as Prepared['sd'];
  for (const k of keys) {
    const col = c[k] as (number | null)[];
    const xs = idx.map((i) => col[i]!).filter((x): x is number => x !== null);
    const m = xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN;
    const v = xs.length > 1 ? xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1) : 0;
    mean[k] = m;
    sd[k] = Math.max(Math.sqrt(v), SD_FLOOR[k]);
  }
  const categoryShare = shares(
    idx.map((i) => c.category[i]!),
    ref.labels.length,
  );
  const sortedConfidence = Float64Array.from(idx, (i) => c.confidence[i]!).sort();
  let mmdRef: number[][] | null = null;
  let mmdRefMean = 0;
  let pool = [...idx];
  if (ref.projected) {
    // The MMD's reference photos are set apart from the photos nights are resampled from, so a
    // resampled night is as new to them as a real one.
    const order = shuffled(idx, seed);
    const m = idx.length >= MMD_REFERENCE + 100 ? MMD_REFERENCE : Math.floor(idx.length / 2);
    mmdRef = order.slice(0, m).map((i) => ref.projected![i]!);
    pool = order.slice(m);
    mmdRefMean = meanKernel(mmdRef, mmdRef, ref.bandwidth);
  }
  return { mean, sd, categoryShare, sortedConfidence, mmdRef, mmdRefMean, pool, thresholds: new Map() };
}

const shuffled = <T>(xs: readonly T[], seed: number): T[] => seededRandom(seed).shuffled(xs);

function shares(category: readonly number[], k: number): number[] {
  const out = new Array<number>(k + 1).fill(0);
  for (const c of category) out[c >= 0 && c < k ? c : k]! += 1 / Math.max(1, category.length);
  return out;
}

function meanKernel(a: readonly number[][], b: readonly number[][], h: number): number {
  const g = 1 / (2 * h * h);
  let s = 0;
  for (const x of a) for (const y of b) s += Math.exp(-sqDist(x, y) * g);
  return s / (a.length * b.length);
}

/** Two-sample Kolmogorov-Smirnov distance; `ref` sorted. */
function ksDistance(night: readonly number[], ref: Float64Array): number {
  const a = Float64Array.from(night).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < ref.length) {
    const x = Math.min(a[i]!, ref[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < ref.length && ref[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / ref.length));
  }
  return d;
}

function columnMean(xs: readonly (number | null)[]): number {
  let s = 0;
  let n = 0;
  for (const x of xs)
    if (x !== null) {
      s += x;
      n++;
    }
  return n ? s / n : NaN;
}

/** Every signal's statistic (and direction) for a night in column form. */
function statistics(
  ref: DriftReference,
  p: Prepared,
  night: NightColumns,
  seed: number,
): Record<DriftSignalName, { value: number; direction?: number }> {
  const d = (k: keyof typeof SD_FLOOR) => (columnMean(night[k]) - p.mean[k]) / p.sd[k];
  const nightShare = shares(night.category, ref.labels.length);
  let embedding = 0;
  if (p.mmdRef && night.projected && night.projected.length > 1) {
    const pts =
      night.projected.length > MMD_NIGHT
        ? shuffled(
            night.projected.map((_, i) => i),
            seed,
          )
            .slice(0, MMD_NIGHT)
            .map((i) => night.projected![i]!)
        : night.projected;
    embedding = meanKernel(pts, pts, ref.bandwidth) + p.mmdRefMean - 2 * meanKernel(pts, p.mmdRef, ref.bandwidth);
  }
  const brightness = d('brightness');
  const rb = d('castRB');
  const g = d('castG');
  const sharp = d('logSharpness');
  const size = d('logPixels');
  const quality = d('logBytesPerPixel');
  return {
    confidence: { value: ksDistance(night.confidence, p.sortedConfidence) },
    'category-mix': { value: nightShare.reduce((s, x, i) => s + Math.abs(x - p.categoryShare[i]!), 0) / 2 },
    embedding: { value: embedding },
    brightness: { value: Math.abs(brightness), direction: Math.sign(brightness) },
    // The larger of the two axes' shifts: a lamp moves one of them; rooms differ on both.
    'colour-cast': { value: Math.max(Math.abs(rb), Math.abs(g)), direction: Math.abs(rb) >= Math.abs(g) ? Math.sign(rb) : Math.sign(g) },
    sharpness: { value: Math.max(0, -sharp), direction: Math.sign(sharp) },
    'camera-size': { value: Math.abs(size), direction: Math.sign(size) },
    'camera-quality': {
      value: Number.isFinite(quality) ? Math.abs(quality) : 0,
      direction: Number.isFinite(quality) ? Math.sign(quality) : 0,
    },
  };
}

function resampledNight(ref: DriftReference, idx: readonly number[]): NightColumns {
  const c = ref.columns;
  const pick = <T>(xs: readonly T[]) => idx.map((i) => xs[i]!);
  return {
    confidence: pick(c.confidence),
    category: pick(c.category),
    brightness: pick(c.brightness),
    castRB: pick(c.castRB),
    castG: pick(c.castG),
    logSharpness: pick(c.logSharpness),
    logPixels: pick(c.logPixels),
    logBytesPerPixel: pick(c.logBytesPerPixel),
    projected: ref.projected ? pick(ref.projected) : null,
  };
}

/** Each signal's threshold for nights of `nightSize` photos: `nights` nights simulated (seeded)
 * from the reference, each signal's statistic on each, and the threshold mean + k·sd of those (never
 * below the smallest shift worth an alert). When the reference's photos say which night (or room)
 * they came from (`group`), each simulated night compares one random half of those groups with a
 * night drawn from the other half, so the thresholds carry the night-to-night (room-to-room)
 * variation and not only the sampling noise; without groups, nights are resampled from all photos.
 * Cached per reference, night size, nights, k and seed. */
export function thresholdsFor(
  ref: DriftReference,
  nightSize: number,
  opts: { nights?: number; k?: number; seed?: number } = {},
): DriftThresholds {
  const whole = prepare(ref);
  const nights = opts.nights ?? 200;
  const k = opts.k ?? DEFAULT_K;
  const seed = opts.seed ?? ref.seed;
  const key = `${nightSize}/${nights}/${k}/${seed}`;
  const have = whole.thresholds.get(key);
  if (have) return have;
  const rnd = seededRandom(seed * 7919 + nightSize);
  const noise: Record<DriftSignalName, number[]> = Object.fromEntries(DRIFT_SIGNALS.map((s) => [s, []])) as never;
  const between: Record<DriftSignalName, number[]> = Object.fromEntries(DRIFT_SIGNALS.map((s) => [s, []])) as never;
  const groups = ref.columns.group ? [...new Set(ref.columns.group)] : [];
  for (let t = 0; t < nights; t++) {
    const idx = Array.from({ length: nightSize }, () => whole.pool[Math.floor(rnd.next() * whole.pool.length)]!);
    const stats = statistics(ref, whole, resampledNight(ref, idx), seed + t);
    for (const s of DRIFT_SIGNALS) noise[s].push(stats[s].value);
    if (groups.length >= 4) {
      const half = new Set(shuffled(groups, seed * 101 + t).slice(0, Math.floor(groups.length / 2)));
      const a: number[] = [];
      const b: number[] = [];
      ref.columns.group!.forEach((g, i) => (half.has(g) ? a : b).push(i));
      const other = Array.from({ length: nightSize }, () => b[Math.floor(rnd.next() * b.length)]!);
      const split = statistics(ref, prepareFrom(ref, a, seed + t), resampledNight(ref, other), seed + t);
      for (const s of DRIFT_SIGNALS) between[s].push(split[s].value);
    }
  }
  const out = { nightSize, k, nights } as DriftThresholds;
  for (const s of DRIFT_SIGNALS) {
    const xs = noise[s];
    const m = xs.reduce((a, x) => a + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
    const gap = between[s].length ? quantile(between[s], GROUP_QUANTILE) : 0;
    out[s] = Math.max(m + k * sd, gap, MIN_EFFECT[s] ?? 0, 1e-9);
  }
  whole.thresholds.set(key, out);
  return out;
}

function nightColumns(ref: DriftReference, photos: readonly NightPhoto[]): NightColumns {
  const stats = photos.map(statColumns);
  return {
    confidence: photos.map((x) => x.confidence),
    category: photos.map((x) => ref.labels.indexOf(x.category)),
    brightness: stats.map((s) => s.brightness),
    castRB: stats.map((s) => s.castRB),
    castG: stats.map((s) => s.castG),
    logSharpness: stats.map((s) => s.logSharpness),
    logPixels: stats.map((s) => s.logPixels),
    logBytesPerPixel: stats.map((s) => s.logBytesPerPixel),
    projected: ref.projection && photos.every((x) => x.features) ? photos.map((x) => project(ref, x.features!)) : null,
  };
}

/** The photos that look alike and match no category: photos farther from every reference photo
 * than 90 % of reference photos are from their nearest neighbour, not auto-approved, and within the
 * group's radius (the median distance between such photos) of its densest one. */
function newKindGroup(ref: DriftReference, p: Prepared, night: NightColumns, high: number): number[] {
  if (!night.projected || !ref.projected) return [];
  const refPts = p.pool.length > 1000 ? p.pool.slice(0, 1000).map((i) => ref.projected![i]!) : ref.projected;
  const novelty = nearestDistances(night.projected, refPts);
  const candidates = novelty.flatMap((d, i) => (d > ref.noveltyDistance && night.confidence[i]! < high ? [i] : []));
  if (candidates.length < 3) return [];
  const pts = candidates.map((i) => night.projected![i]!);
  const dist = pts.map((a) => pts.map((b) => Math.sqrt(sqDist(a, b))));
  const all = dist.flatMap((row, i) => row.slice(i + 1)).sort((a, b) => a - b);
  const radius = all[Math.floor(all.length / 2)]!;
  let centre = 0;
  let best = -1;
  dist.forEach((row, i) => {
    const n = row.filter((d) => d <= radius).length;
    if (n > best) {
      best = n;
      centre = i;
    }
  });
  return dist[centre]!.map((d, i) => ({ d, i }))
    .filter((x) => x.d <= radius)
    .sort((a, b) => a.d - b.d)
    .map((x) => candidates[x.i]!);
}

/** A night against the reference: every signal, whether it is flagged, and the cause in words. */
export function checkNight(
  ref: DriftReference,
  thresholds: DriftThresholds,
  photos: readonly NightPhoto[],
  opts: { seed?: number; high?: number; since?: string } = {},
): NightCheck {
  const p = prepare(ref);
  const night = nightColumns(ref, photos);
  const stats = statistics(ref, p, night, opts.seed ?? ref.seed);
  const signals: Signal[] = DRIFT_SIGNALS.map((name) => ({
    name,
    value: stats[name].value,
    threshold: thresholds[name],
    flagged: stats[name].value > thresholds[name],
    ...(stats[name].direction !== undefined ? { direction: stats[name].direction } : {}),
  }));
  const by = Object.fromEntries(signals.map((s) => [s.name, s])) as Record<DriftSignalName, Signal>;
  const flagged = signals.some((s) => s.flagged);
  let cause: DriftCause | null = null;
  let group: number[] = [];
  if (flagged) {
    const ratio = (s: Signal) => s.value / s.threshold;
    // A new size is another camera whatever else moved; a picture that changed (light, cast, focus)
    // explains a change of bytes per pixel, so the quality alone names the camera only last.
    const picture = (['brightness', 'colour-cast', 'sharpness'] as const).map((n) => by[n]).filter((s) => s.flagged);
    if (by['camera-size'].flagged) cause = 'camera';
    else if (picture.length) {
      const top = picture.sort((a, b) => ratio(b) - ratio(a))[0]!;
      cause =
        top.name === 'brightness' ? (top.direction! < 0 ? 'darker' : 'brighter') : top.name === 'colour-cast' ? 'colour-cast' : 'blurrier';
    } else if (by['camera-quality'].flagged) cause = 'camera';
    else {
      group = newKindGroup(ref, p, night, opts.high ?? 0.85);
      cause = group.length >= Math.max(5, 0.03 * photos.length) ? 'new-kind' : 'unexplained';
      if (cause === 'unexplained') group = [];
    }
  }
  const words = cause ? DRIFT_WORDS[cause] : null;
  return {
    count: photos.length,
    signals,
    flagged,
    cause,
    title: words ? words.title(group.length) : null,
    action: words ? words.action : null,
    message: cause ? driftMessage(cause, { since: opts.since, groupSize: group.length }) : null,
    group,
  };
}
