// `npm run eval -- --drift …`: the drift watch measured on labelled photos. Photos of one side of a
// sender split make the reference (the desk's first settled weeks); the other side's photos make
// the nights: stable nights resampled from them, and nights after a switch to a shift made with
// sharp from the original bytes (darker, a colour cast, blur, another camera, a new kind). Prints,
// per shift and night size, how many nights the watch takes to flag it, whether it names the right
// cause, the false alarms of the stable nights and the accuracy estimate's error.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { DriftCause, DriftSignalName, ImageStats } from '../src-shared/drift.ts';
import { DEFAULT_THRESHOLDS } from '../src-shared/domain.ts';
import { UsageError } from './cli-args.ts';
import type { Classifier } from './station/classify/classifier.ts';
import { listEvalPhotos, type EvalPhoto, type LabelMap } from './station/classify/evaluate-folder.ts';
import { estimateAccuracy, type EstimateMethod } from './station/drift/accuracy-estimate.ts';
import { buildReference, type ReferencePhoto } from './station/drift/drift-reference.ts';
import { checkNight, DEFAULT_K, thresholdsFor } from './station/drift/night-check.ts';
import { seededRandom } from './station/synthetic/seeded-random.ts';

export const SHIFTS = ['exposure', 'cast', 'blur', 'camera', 'new-kind'] as const;
export type Shift = (typeof SHIFTS)[number];
type Variant = 'none' | Exclude<Shift, 'new-kind'>;

/** The cause a shift should be put down to. */
const RIGHT_CAUSE: Record<Shift, DriftCause[]> = {
  exposure: ['darker'],
  cast: ['colour-cast'],
  blur: ['blurrier'],
  camera: ['camera'],
  'new-kind': ['new-kind'],
};

export const SHIFT_WORDS: Record<Shift, string> = {
  exposure: 'exposure −40 % (linear light × 0.6)',
  cast: 'warm colour cast (R × 1.12, B × 0.85)',
  blur: 'blur (gaussian, sigma = long side / 100)',
  camera: 'another camera (1280 px long side, JPEG q 55)',
  'new-kind': 'a new kind, 30 % of the night',
};

/** image id → sender, from a senders.csv (image,…,sender,…). */
export function sendersOf(csvText: string): Map<string, string> {
  const lines = csvText.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',');
  const ic = header.indexOf('image');
  const sc = header.indexOf('sender');
  return new Map(lines.map((l) => l.split(',')).map((c) => [c[ic]!, c[sc]!]));
}

export interface DriftEvalOptions {
  data: string[];
  labelMap: LabelMap;
  /** image id → the sender fold; nights from `nightFolds`, the reference from the others. */
  foldOf: Map<string, number>;
  /** image id → sender: the reference's groups (the desk's nights stand-in: one room, one light). */
  senderOf: Map<string, string>;
  nightFolds: Set<number>;
  newKind: string;
  /** Photos of each shifted pool at most (a seeded subsample), to keep the CPU sane. */
  maxPerShift: number;
  sizes: number[];
  stableNights: number;
  trials: number;
  k: number;
  seed: number;
  cacheFile: string;
  log: (line: string) => void;
}

/** One classified photo (of one variant). */
interface Classified {
  confidence: number;
  category: string;
  features: Float32Array;
  imageStats: ImageStats;
  sizeBytes: number;
}

interface Scored extends ReferencePhoto {
  correct: boolean;
}

const LINEAR_08 = (() => {
  const toLin = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const toSrgb = (v: number) => (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055);
  return Uint8Array.from({ length: 256 }, (_, i) => Math.round(255 * toSrgb(0.6 * toLin(i / 255))));
})();

/** The photo as the desk camera would give it under the shift: every variant, 'none' included, is
 * re-encoded the same way (JPEG q 90), so the bytes per pixel differ only where the shift does. */
export async function shifted(bytes: Buffer, variant: Variant): Promise<Buffer> {
  const upright = sharp(bytes).autoOrient();
  switch (variant) {
    case 'none':
      return upright.jpeg({ quality: 90 }).toBuffer();
    case 'exposure': {
      const { data, info } = await upright.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < data.length; i++) data[i] = LINEAR_08[data[i]!]!;
      return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
        .jpeg({ quality: 90 })
        .toBuffer();
    }
    case 'cast':
      return upright.removeAlpha().linear([1.12, 1, 0.85], [0, 0, 0]).jpeg({ quality: 90 }).toBuffer();
    case 'blur': {
      const meta = await sharp(bytes).metadata();
      const long = Math.max(meta.width ?? 0, meta.height ?? 0);
      return upright
        .blur(Math.max(0.5, long / 100))
        .jpeg({ quality: 90 })
        .toBuffer();
    }
    case 'camera':
      return upright.resize(1280, 1280, { fit: 'inside' }).jpeg({ quality: 55 }).toBuffer();
  }
}

type CacheEntry = { c: number; k: string; f: string; s: ImageStats; b: number };

export async function loadCache(file: string): Promise<Map<string, CacheEntry>> {
  try {
    return new Map(Object.entries(JSON.parse(await readFile(file, 'utf8')) as Record<string, CacheEntry>));
  } catch {
    return new Map();
  }
}

/** Writes the classification cache back (its folder made first). */
export async function saveCache(file: string, cache: Map<string, CacheEntry>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(Object.fromEntries(cache)));
}

const toEntry = (x: Classified): CacheEntry => ({
  c: x.confidence,
  k: x.category,
  f: Buffer.from(x.features.buffer, x.features.byteOffset, x.features.byteLength).toString('base64'),
  s: x.imageStats,
  b: x.sizeBytes,
});
const fromEntry = (e: CacheEntry): Classified => {
  const buf = Buffer.from(e.f, 'base64');
  return {
    confidence: e.c,
    category: e.k,
    features: new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4),
    imageStats: e.s,
    sizeBytes: e.b,
  };
};

/** Classifies each photo's variant with the app's classifier (cached by model, file, its size and
 * time, and the variant). Unreadable photos are left out (null). */
export async function classifyVariant(
  classifier: Classifier,
  photos: readonly EvalPhoto[],
  variant: Variant,
  cache: Map<string, CacheEntry>,
  save: () => Promise<void>,
  log: (line: string) => void,
): Promise<(Classified | null)[]> {
  const out: (Classified | null)[] = [];
  const key = async (p: EvalPhoto) => {
    const st = await stat(p.file);
    return `${classifier.manifest.sha256.slice(0, 16)}:${variant}:${p.file}:${st.size}:${Math.round(st.mtimeMs)}`;
  };
  let done = 0;
  for (let i = 0; i < photos.length; i += 32) {
    const part = photos.slice(i, i + 32);
    const keys = await Promise.all(part.map(key));
    const missing = part.flatMap((p, j) => (cache.has(keys[j]!) ? [] : [j]));
    if (missing.length) {
      const bytes = await Promise.all(missing.map(async (j) => shifted(await readFile(part[j]!.file), variant).catch(() => null)));
      const good = missing.flatMap((j, m) => (bytes[m] ? [{ j, b: bytes[m] }] : []));
      const results = await classifier.classifyMany(good.map((g) => g.b));
      results.forEach((r, m) => {
        const g = good[m]!;
        if (r.ok && r.prediction.features && r.prediction.imageStats)
          cache.set(
            keys[g.j]!,
            toEntry({
              confidence: r.prediction.confidence,
              category: r.prediction.category,
              features: r.prediction.features,
              imageStats: r.prediction.imageStats,
              sizeBytes: g.b.length,
            }),
          );
      });
    }
    for (const k of keys) out.push(cache.has(k) ? fromEntry(cache.get(k)!) : null);
    done += part.length;
    if (missing.length && (done % 320 === 0 || done === photos.length)) {
      log(`  ${variant}: ${done}/${photos.length} photos`);
      await save();
    }
  }
  return out;
}

function sample<T>(xs: readonly T[], n: number, rnd: ReturnType<typeof seededRandom>): T[] {
  return rnd.shuffled(xs).slice(0, Math.min(n, xs.length));
}

export interface ShiftResult {
  shift: Shift;
  trials: number;
  /** Trials flagged on the first shifted night, by the second. */
  within1: number;
  within2: number;
  /** Worst trial's nights to the first flag (null: not within `maxNights`). */
  worstDelay: number | null;
  medianDelay: number | null;
  /** Trials whose first flagged night named the right cause. */
  causeRight: number;
  causes: Record<string, number>;
  estimateError: Record<EstimateMethod, { mean: number; max: number; within3: number }>;
  nights: number;
  /** Each signal's median value on the first shifted nights. */
  medians: Record<string, number>;
}

export interface SizeResult {
  nightSize: number;
  thresholds: Record<DriftSignalName, number>;
  stable: {
    nights: number;
    falseAlarms: number;
    signals: Record<string, number>;
    /** Each signal's median value over the stable nights. */
    medians: Record<string, number>;
    estimateError: Record<EstimateMethod, { mean: number; max: number; within3: number }>;
  };
  shifts: ShiftResult[];
}

export interface DriftEvalReport {
  model: { name: string; version: string; sha256: string };
  reference: { photos: number; accuracy: number | null; jsonBytes: number };
  pools: Record<string, number>;
  k: number;
  sizes: SizeResult[];
}

const MAX_NIGHTS = 3;

export async function driftEval(classifier: Classifier, o: DriftEvalOptions): Promise<DriftEvalReport> {
  const labels = classifier.manifest.labels;
  const { photos } = await listEvalPhotos(o.data, labels, o.labelMap);
  const fold = (p: EvalPhoto) => {
    const f = o.foldOf.get(path.parse(p.file).name);
    if (f === undefined) throw new UsageError(`${p.file}: not in the senders file`);
    return f;
  };
  if (!(o.newKind in o.labelMap)) throw new UsageError(`--new-kind ${o.newKind}: not a kind of the label map`);
  if (o.labelMap[o.newKind]!.length)
    throw new UsageError(`--new-kind ${o.newKind}: the label map gives it a category; pick a kind of none`);
  const inSet = photos.filter((p) => p.acceptable.length > 0);
  const refPhotos = inSet.filter((p) => !o.nightFolds.has(fold(p)));
  const nightPhotos = inSet.filter((p) => o.nightFolds.has(fold(p)));
  const newKind = photos.filter((p) => p.kind === o.newKind && o.nightFolds.has(fold(p)));
  if (refPhotos.length < 100 || nightPhotos.length < 100) throw new UsageError('the sender split leaves fewer than 100 photos on a side');
  if (newKind.length < 30) throw new UsageError(`--new-kind ${o.newKind}: fewer than 30 photos on the nights' side`);

  const cache = await loadCache(o.cacheFile);
  const save = () => saveCache(o.cacheFile, cache);
  const rnd = seededRandom(o.seed);
  const scoredOf = (ps: readonly EvalPhoto[], cs: (Classified | null)[]): Scored[] =>
    ps.flatMap((p, i) => {
      const c = cs[i];
      return c
        ? [{ ...c, correct: p.acceptable.includes(labels.indexOf(c.category)), group: o.senderOf.get(path.parse(p.file).name) }]
        : [];
    });
  o.log(
    `Classifying: reference ${refPhotos.length}, nights ${nightPhotos.length}, new kind ${newKind.length} photos, shifts ≤ ${o.maxPerShift} each`,
  );
  const reference = scoredOf(refPhotos, await classifyVariant(classifier, refPhotos, 'none', cache, save, o.log));
  const stablePool = scoredOf(nightPhotos, await classifyVariant(classifier, nightPhotos, 'none', cache, save, o.log));
  const shiftSource = sample(nightPhotos, o.maxPerShift, rnd);
  const pools: Record<Shift, Scored[]> = {} as never;
  for (const v of ['exposure', 'cast', 'blur', 'camera'] as const)
    pools[v] = scoredOf(shiftSource, await classifyVariant(classifier, shiftSource, v, cache, save, o.log));
  pools['new-kind'] = scoredOf(newKind, await classifyVariant(classifier, newKind, 'none', cache, save, o.log));
  await save();

  const ref = buildReference(reference, { labels, seed: o.seed, high: DEFAULT_THRESHOLDS.high });
  const truth = (night: readonly Scored[]) => night.filter((p) => p.correct).length / night.length;
  const errors = () => ({ confidence: [] as number[], atc: [] as number[] });
  const addError = (e: ReturnType<typeof errors>, night: readonly Scored[]) => {
    const est = estimateAccuracy(
      ref,
      night.map((p) => p.confidence),
    );
    const t = truth(night);
    e.confidence.push(Math.abs(est.byMethod.confidence.estimate - t));
    e.atc.push(Math.abs(est.byMethod.atc.estimate - t));
  };
  const summary = (e: ReturnType<typeof errors>) =>
    Object.fromEntries(
      (['confidence', 'atc'] as const).map((m) => {
        const xs = e[m];
        return [
          m,
          {
            mean: xs.reduce((s, x) => s + x, 0) / xs.length,
            max: Math.max(...xs),
            within3: xs.filter((x) => x <= 0.03).length / xs.length,
          },
        ];
      }),
    ) as Record<EstimateMethod, { mean: number; max: number; within3: number }>;

  const sizes: SizeResult[] = [];
  for (const size of o.sizes) {
    const thresholds = thresholdsFor(ref, size, { k: o.k, seed: o.seed });
    const nightRnd = seededRandom(o.seed * 31 + size);
    const stableErr = errors();
    let falseAlarms = 0;
    const signals: Record<string, number> = {};
    const seen: Record<string, number[]> = {};
    for (let n = 0; n < o.stableNights; n++) {
      const night = sample(stablePool, size, nightRnd);
      const c = checkNight(ref, thresholds, night, { seed: n });
      if (c.flagged) falseAlarms++;
      for (const s of c.signals) {
        if (s.flagged) signals[s.name] = (signals[s.name] ?? 0) + 1;
        (seen[s.name] ??= []).push(s.value);
      }
      addError(stableErr, night);
    }
    const shifts: ShiftResult[] = [];
    for (const shift of SHIFTS) {
      const err = errors();
      const delays: (number | null)[] = [];
      const causes: Record<string, number> = {};
      let causeRight = 0;
      let nights = 0;
      const seenShift: Record<string, number[]> = {};
      for (let t = 0; t < o.trials; t++) {
        let delay: number | null = null;
        for (let d = 1; d <= MAX_NIGHTS && delay === null; d++) {
          const night =
            shift === 'new-kind'
              ? [
                  ...sample(stablePool, size - Math.round(0.3 * size), nightRnd),
                  ...sample(pools['new-kind'], Math.round(0.3 * size), nightRnd),
                ]
              : sample(pools[shift], size, nightRnd);
          const c = checkNight(ref, thresholds, night, { seed: 1000 + t * 10 + d });
          addError(err, night);
          nights++;
          if (d === 1) for (const sg of c.signals) (seenShift[sg.name] ??= []).push(sg.value);
          if (c.flagged) {
            delay = d;
            causes[c.cause!] = (causes[c.cause!] ?? 0) + 1;
            if (RIGHT_CAUSE[shift].includes(c.cause!)) causeRight++;
          }
        }
        delays.push(delay);
      }
      const sorted = delays.map((d) => d ?? Infinity).sort((a, b) => a - b);
      const med = sorted[Math.floor((sorted.length - 1) / 2)]!;
      shifts.push({
        shift,
        trials: o.trials,
        within1: delays.filter((d) => d !== null && d <= 1).length,
        within2: delays.filter((d) => d !== null && d <= 2).length,
        worstDelay: sorted.at(-1) === Infinity ? null : sorted.at(-1)!,
        medianDelay: med === Infinity ? null : med,
        causeRight,
        causes,
        estimateError: summary(err),
        nights,
        medians: Object.fromEntries(Object.entries(seenShift).map(([k, xs]) => [k, [...xs].sort((a, b) => a - b)[xs.length >> 1]!])),
      });
    }
    const { nightSize: _n, k: _k, nights: _s, ...values } = thresholds;
    sizes.push({
      nightSize: size,
      thresholds: values,
      stable: {
        nights: o.stableNights,
        falseAlarms,
        signals,
        medians: Object.fromEntries(Object.entries(seen).map(([k, xs]) => [k, [...xs].sort((a, b) => a - b)[xs.length >> 1]!])),
        estimateError: summary(stableErr),
      },
      shifts,
    });
  }
  const { name, version, sha256 } = classifier.manifest;
  return {
    model: { name, version, sha256 },
    reference: { photos: ref.count, accuracy: ref.calibration?.accuracy ?? null, jsonBytes: JSON.stringify(ref).length },
    pools: {
      reference: reference.length,
      stable: stablePool.length,
      ...Object.fromEntries(SHIFTS.map((s) => [s, pools[s].length])),
    },
    k: o.k,
    sizes,
  };
}

const pts = (x: number) => (100 * x).toFixed(1);

export function formatDriftReport(r: DriftEvalReport): string {
  const lines: string[] = [];
  lines.push(`Model ${r.model.name} v${r.model.version} (sha256 ${r.model.sha256.slice(0, 12)}…)`);
  lines.push(
    `Reference: ${r.reference.photos} photos (accuracy ${r.reference.accuracy === null ? '?' : pts(r.reference.accuracy) + ' %'}, ${Math.round(r.reference.jsonBytes / 1024)} KB as JSON); ` +
      `nights from ${r.pools.stable} photos of other senders; shifted pools: ${SHIFTS.map((s) => `${s} ${r.pools[s]}`).join(', ')}; k = ${r.k}`,
  );
  for (const s of r.sizes) {
    lines.push('');
    lines.push(`${s.nightSize} photos a night`);
    const e = s.stable.estimateError;
    const sig = Object.entries(s.stable.signals)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(
      `  stable: ${s.stable.falseAlarms} false alarm(s) in ${s.stable.nights} nights${sig ? ` (${sig})` : ''}; estimate error (points) mean/max: confidence ${pts(e.confidence.mean)}/${pts(e.confidence.max)}, ATC ${pts(e.atc.mean)}/${pts(e.atc.max)}`,
    );
    lines.push(
      `  ${'shift'.padEnd(48)} ≤1 night  ≤2 nights  worst  cause right   est. error confidence / ATC (mean/max points, share ≤ 3)`,
    );
    for (const x of s.shifts) {
      const ee = x.estimateError;
      lines.push(
        `  ${SHIFT_WORDS[x.shift].padEnd(48)} ${`${x.within1}/${x.trials}`.padStart(8)}  ${`${x.within2}/${x.trials}`.padStart(9)}  ${String(x.worstDelay ?? `>${MAX_NIGHTS}`).padStart(5)}  ${`${x.causeRight}/${x.trials}`.padStart(11)}   ` +
          `${pts(ee.confidence.mean)}/${pts(ee.confidence.max)} (${pts(ee.confidence.within3)} %) / ${pts(ee.atc.mean)}/${pts(ee.atc.max)} (${pts(ee.atc.within3)} %)` +
          (x.causeRight < x.trials
            ? `  causes: ${Object.entries(x.causes)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`
            : ''),
      );
    }
    lines.push(
      `  thresholds: ${Object.entries(s.thresholds)
        .map(([k, v]) => `${k} ${v.toPrecision(3)}`)
        .join(', ')}`,
    );
    for (const x of s.shifts)
      lines.push(
        `  ${x.shift} medians: ${Object.entries(x.medians)
          .map(([k, v]) => `${k} ${v.toPrecision(3)}`)
          .join(', ')}`,
      );
    lines.push(
      `  stable nights' medians: ${Object.entries(s.stable.medians)
        .map(([k, v]) => `${k} ${v.toPrecision(3)}`)
        .join(', ')}`,
    );
  }
  return lines.join('\n');
}

export const defaultDriftCache = (sha256: string) => path.join(tmpdir(), `returns-station-drift-${sha256.slice(0, 12)}.json`);
export { DEFAULT_K };
