// The drift watch's reference: what a settled desk's nights look like, kept small enough to store as
// JSON (per photo: confidence, category, image statistics and a 16-number projection of its
// features), with what it takes to resample nights from it and to read a night's accuracy.
import type { ImageStats } from '../../../src-shared/drift.ts';
import { seededRandom } from '../synthetic/seeded-random.ts';

/** One photo of a night, as the batch knows it after classifying. */
export interface NightPhoto {
  confidence: number;
  category: string;
  /** The model's embedding (`features`); the embedding signal and the new-kind group need it. */
  features?: Float32Array | readonly number[];
  imageStats: ImageStats;
  /** The file's size: with the pixel count, the camera's bytes per pixel (its JPEG quality). */
  sizeBytes?: number;
}

/** A reference photo may say whether its answer was right (a decided or labelled photo): then the
 * reference can read a night's accuracy from its confidences. */
export interface ReferencePhoto extends NightPhoto {
  correct?: boolean;
  /** The night (or room, sender…) the photo came from: thresholds then carry the variation between
   * nights, not only the sampling noise (night-check.ts `thresholdsFor`). */
  group?: string | number;
}

/** Per-photo columns, one number per photo each (null: unknown). */
export interface ReferenceColumns {
  confidence: number[];
  /** Index into `labels`. */
  category: number[];
  brightness: number[];
  castRB: number[];
  castG: number[];
  /** log of the sharpness. */
  logSharpness: number[];
  /** log10 of the pixel count. */
  logPixels: number[];
  /** log10 of file bytes per pixel; null where the size was not known. */
  logBytesPerPixel: (number | null)[];
  /** Each photo's group (a number per distinct group), when the photos named one. */
  group?: number[];
}

export interface DriftReference {
  version: 1;
  labels: string[];
  count: number;
  columns: ReferenceColumns;
  /** The features' principal axes, each scaled so a projected value has unit variance; null when the
   * photos had no features. */
  projection: { inputSize: number; mean: number[]; axes: number[][] } | null;
  /** Each photo's projection (count × axes). */
  projected: number[][] | null;
  /** The RBF kernel's width (median heuristic), for the embedding MMD. */
  bandwidth: number;
  /** Nearest-neighbour distance (projected) that 90 % of reference photos stay under. */
  noveltyDistance: number;
  /** How right confidence is on these photos, when they say whether they were right. */
  calibration: Calibration | null;
  seed: number;
}

export interface Calibration {
  accuracy: number;
  meanConfidence: number;
  /** Expected calibration error, 15 bins. */
  ece: number;
  /** Average thresholded confidence: the share of photos at or above it is the accuracy. */
  atcThreshold: number;
  /** The auto-approved (confidence ≥ high) photos: share, accuracy, mean confidence. */
  high: number;
  highShare: number;
  highAccuracy: number;
  highMeanConfidence: number;
}

export const PROJECTION_DIMS = 16;
/** Reference photos the embedding MMD compares a night with (a seeded subsample). */
export const MMD_REFERENCE = 300;

const round = (x: number, digits: number) => {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
};

/** A photo's feature vector as the projection reads it: √ of each (ReLU features are heavy-tailed;
 * the desk head reads them the same way). */
function featureRow(f: Float32Array | readonly number[]): Float64Array {
  const out = new Float64Array(f.length);
  for (let i = 0; i < f.length; i++) out[i] = Math.sqrt(Math.max(0, f[i]!));
  return out;
}

/** The top `k` principal axes of the rows (subspace iteration on the covariance). */
function principalAxes(rows: Float64Array[], k: number, seed: number): { mean: Float64Array; axes: Float64Array[]; variances: number[] } {
  const d = rows[0]!.length;
  const n = rows.length;
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (const r of rows) {
    for (let j = 0; j < d; j++) c[j] = r[j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ca = c[a]!;
      if (ca === 0) continue;
      const base = a * d;
      for (let b = a; b < d; b++) cov[base + b]! += ca * c[b]!;
    }
  }
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / Math.max(1, n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  k = Math.min(k, d);
  const rnd = seededRandom(seed);
  let q: Float64Array[] = Array.from({ length: k }, () => Float64Array.from({ length: d }, () => rnd.next() - 0.5));
  const orthonormalise = (vs: Float64Array[]): Float64Array[] => {
    for (let i = 0; i < vs.length; i++) {
      const v = vs[i]!;
      for (let j = 0; j < i; j++) {
        const u = vs[j]!;
        let dot = 0;
        for (let t = 0; t < d; t++) dot += v[t]! * u[t]!;
        for (let t = 0; t < d; t++) v[t]! -= dot * u[t]!;
      }
      let norm = 0;
      for (let t = 0; t < d; t++) norm += v[t]! * v[t]!;
      norm = Math.sqrt(norm) || 1;
      for (let t = 0; t < d; t++) v[t]! /= norm;
    }
    return vs;
  };
  q = orthonormalise(q);
  const times = (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (let a = 0; a < d; a++) {
      let s = 0;
      const base = a * d;
      for (let b = 0; b < d; b++) s += cov[base + b]! * v[b]!;
      out[a] = s;
    }
    return out;
  };
  for (let it = 0; it < 40; it++) q = orthonormalise(q.map(times));
  const variances = q.map((v) => {
    const cv = times(v);
    let s = 0;
    for (let t = 0; t < d; t++) s += cv[t]! * v[t]!;
    return Math.max(s, 1e-12);
  });
  return { mean, axes: q, variances };
}

/** A photo's features projected on the reference's axes (unit variance on the reference). */
export function project(reference: DriftReference, features: Float32Array | readonly number[]): number[] {
  const p = reference.projection;
  if (!p) return [];
  if (features.length !== p.inputSize) throw new Error(`features have ${features.length} numbers, the reference ${p.inputSize}`);
  const row = featureRow(features);
  for (let j = 0; j < row.length; j++) row[j]! -= p.mean[j]!;
  return p.axes.map((axis) => {
    let s = 0;
    for (let j = 0; j < row.length; j++) s += axis[j]! * row[j]!;
    return s;
  });
}

export function sqDist(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]! - b[i]!;
    s += t * t;
  }
  return s;
}

/** Image statistics as the reference keeps them (logs where a ratio matters). */
export function statColumns(p: NightPhoto): {
  brightness: number;
  castRB: number;
  castG: number;
  logSharpness: number;
  logPixels: number;
  logBytesPerPixel: number | null;
} {
  const s = p.imageStats;
  const pixels = Math.max(1, s.width * s.height);
  return {
    brightness: s.brightness,
    castRB: s.castRB,
    castG: s.castG,
    logSharpness: Math.log(Math.max(s.sharpness, 1e-3)),
    logPixels: Math.log10(pixels),
    logBytesPerPixel: p.sizeBytes && p.sizeBytes > 0 ? Math.log10(p.sizeBytes / pixels) : null,
  };
}

const quantile = (xs: readonly number[], q: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))]!;
};

function calibrationOf(photos: readonly ReferencePhoto[], high: number): Calibration | null {
  const known = photos.filter((p) => p.correct !== undefined);
  if (known.length < 20) return null;
  const n = known.length;
  const accuracy = known.filter((p) => p.correct).length / n;
  const meanConfidence = known.reduce((s, p) => s + p.confidence, 0) / n;
  const bins = Array.from({ length: 15 }, () => ({ n: 0, conf: 0, right: 0 }));
  for (const p of known) {
    const b = bins[Math.min(14, Math.floor(p.confidence * 15))]!;
    b.n++;
    b.conf += p.confidence;
    b.right += p.correct ? 1 : 0;
  }
  const ece = bins.reduce((s, b) => s + (b.n ? (b.n / n) * Math.abs(b.conf / b.n - b.right / b.n) : 0), 0);
  // ATC: the confidence above which as many photos lie as were right.
  const sorted = known.map((p) => p.confidence).sort((a, b) => b - a);
  const atcThreshold = sorted[Math.max(0, Math.round(accuracy * n) - 1)] ?? 1;
  const hi = known.filter((p) => p.confidence >= high);
  return {
    accuracy,
    meanConfidence,
    ece,
    atcThreshold,
    high,
    highShare: hi.length / n,
    highAccuracy: hi.length ? hi.filter((p) => p.correct).length / hi.length : 1,
    highMeanConfidence: hi.length ? hi.reduce((s, p) => s + p.confidence, 0) / hi.length : high,
  };
}

/** The reference from a settled stretch of photos (the model's own held-out photos, or the desk's
 * first settled weeks). JSON-serialisable; about 130 bytes a photo. */
export function buildReference(
  photos: readonly ReferencePhoto[],
  opts: { labels: readonly string[]; seed?: number; high?: number; dims?: number },
): DriftReference {
  if (photos.length < 30) throw new Error(`a drift reference needs at least 30 photos, not ${photos.length}`);
  const seed = opts.seed ?? 1;
  const labels = [...opts.labels];
  const stats = photos.map(statColumns);
  const columns: ReferenceColumns = {
    confidence: photos.map((p) => round(p.confidence, 3)),
    category: photos.map((p) => labels.indexOf(p.category)),
    brightness: stats.map((s) => round(s.brightness, 3)),
    castRB: stats.map((s) => round(s.castRB, 3)),
    castG: stats.map((s) => round(s.castG, 3)),
    logSharpness: stats.map((s) => round(s.logSharpness, 3)),
    logPixels: stats.map((s) => round(s.logPixels, 3)),
    logBytesPerPixel: stats.map((s) => (s.logBytesPerPixel === null ? null : round(s.logBytesPerPixel, 3))),
  };
  if (photos.every((p) => p.group !== undefined)) {
    const ids = new Map<string | number, number>();
    columns.group = photos.map((p) => ids.get(p.group!) ?? ids.set(p.group!, ids.size).get(p.group!)!);
  }
  const withFeatures = photos.every((p) => p.features && p.features.length > 0);
  let projection: DriftReference['projection'] = null;
  let projected: number[][] | null = null;
  let bandwidth = 1;
  let noveltyDistance = 0;
  if (withFeatures) {
    const rows = photos.map((p) => featureRow(p.features!));
    const { mean, axes, variances } = principalAxes(rows, opts.dims ?? PROJECTION_DIMS, seed);
    projection = {
      inputSize: rows[0]!.length,
      mean: [...mean].map((x) => round(x, 5)),
      axes: axes.map((a, i) => [...a].map((x) => round(x / Math.sqrt(variances[i]!), 5))),
    };
    const partial = { projection } as DriftReference;
    projected = photos.map((p) => project(partial, p.features!).map((x) => round(x, 2)));
    const rnd = seededRandom(seed + 7);
    const sq: number[] = [];
    for (let t = 0; t < 2000; t++) sq.push(sqDist(projected[rnd.int(0, photos.length - 1)]!, projected[rnd.int(0, photos.length - 1)]!));
    bandwidth = Math.sqrt(Math.max(quantile(sq, 0.5), 1e-6) / 2);
    noveltyDistance = quantile(nearestDistances(projected, projected, true), 0.9);
  }
  return {
    version: 1,
    labels,
    count: photos.length,
    columns,
    projection,
    projected,
    bandwidth,
    noveltyDistance,
    calibration: calibrationOf(photos, opts.high ?? 0.85),
    seed,
  };
}

/** Each of `from`'s distance to its nearest point of `to` (leaving itself out when they are one set). */
export function nearestDistances(from: readonly number[][], to: readonly number[][], same = false): number[] {
  return from.map((a, i) => {
    let best = Infinity;
    for (let j = 0; j < to.length; j++) {
      if (same && i === j) continue;
      const d = sqDist(a, to[j]!);
      if (d < best) best = d;
    }
    return Math.sqrt(best);
  });
}
