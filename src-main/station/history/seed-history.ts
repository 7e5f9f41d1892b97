// Synthetic history for tests, the bench and demos: N days of a desk's life (photos received in
// office hours, the 02:00 batch filing them, clerks reviewing the doubtful ones next morning,
// alerts from the real rules) written straight into a station database in one transaction.
//
// Deterministic: the same options give the same rows (a seeded PRNG, no Math.random, no clock
// unless `now` is left out). No photo files are written; items point at paths under processed/
// that do not exist, so whatever reads this history must not touch the file system.
import { createHash } from 'node:crypto';
import { evaluateBatchAlerts } from '../alerts/alert-rules.ts';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_THRESHOLDS,
  bandOf,
  type BandThresholds,
  type BatchRun,
  type Guess,
  type ReviewAction,
} from '../../../src-shared/domain.ts';
import { fileStamp, localDay } from '../../../src-shared/local-time.ts';
import type { BulkWriter, ImportedDecision, StationDb } from '../db/station-db.ts';
import { localDays } from '../db/time-values.ts';
import { seededRandom, type SeededRandom } from '../synthetic/seeded-random.ts';

export interface SeedHistoryOptions {
  /** How many days, ending with `endDay` (default 365). */
  days?: number;
  /** Average photos per day (default 300: a year is ~110,000). */
  perDay?: number;
  /** Last local day with photos, YYYY-MM-DD (default: the day before `now`). */
  endDay?: string;
  /** Nothing is dated after this: a batch or a review still in the future has not happened yet,
   * and those photos stay in incoming/. Default: the system clock. */
  now?: Date;
  /** PRNG seed (default 1). */
  seed?: number;
  categories?: readonly string[];
  /** For the runs' low-confidence counts (default: the shipped thresholds). */
  thresholds?: BandThresholds;
  clerks?: readonly string[];
}

export interface SeedHistorySummary {
  from: string;
  to: string;
  items: number;
  predictions: number;
  decisions: number;
  runs: number;
  alerts: number;
}

/** mulberry32: small, fast, good enough for test data, and the same on every machine. */
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const round2 = (n: number) => Math.round(n * 100) / 100;
const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
// Monday-heavy, quiet weekends (index = getDay(): Sunday first); averages 1.0.
const WEEKDAY = [0.75, 1.25, 1.1, 1.0, 1.0, 1.05, 0.85];

export function seedHistory(db: StationDb, opts: SeedHistoryOptions = {}): SeedHistorySummary {
  if (db.items.countItems() > 0) throw new Error('seedHistory fills an empty station database; this one already has items.');
  const now = opts.now ?? new Date();
  const r = seededRandom(opts.seed ?? 1);
  const categories = opts.categories ?? DEFAULT_CATEGORIES;
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const clerks = opts.clerks?.length ? opts.clerks : ['Ana', 'Ben', 'Chloé', 'Dev'];
  const perDay = opts.perDay ?? 300;
  const endDay = opts.endDay ?? localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1));
  const [ey, em, ed] = endDay.split('-').map(Number) as [number, number, number];
  const first = new Date(ey, em - 1, ed - ((opts.days ?? 365) - 1));
  const fromDay = localDay(first);
  const days = localDays(fromDay, endDay);
  const modelSha256 = createHash('sha256').update('synthetic returns10 model').digest('hex');
  const nowIso = now.toISOString();
  // Category popularity drifts slowly over the year (the category-mix chart should move).
  const baseWeights = categories.map((_, i) => 3 + ((i * 7) % 5));
  const summary: SeedHistorySummary = { from: fromDay, to: endDay, items: 0, predictions: 0, decisions: 0, runs: 0, alerts: 0 };
  let serial = 0;

  db.bulkImport((w) => {
    days.forEach((d, dayIndex) => {
      const [y, m, dd] = d.day.split('-').map(Number) as [number, number, number];
      const date = new Date(y, m - 1, dd);
      const season = 1 + 0.15 * Math.sin((2 * Math.PI * dayIndex) / 365);
      const count = Math.max(0, Math.round(perDay * WEEKDAY[date.getDay()]! * season * r.between(0.85, 1.15)));
      // Bad days: a camera fault (many unreadable photos) or poor light (many low confidences).
      const failRate = r.chance(0.02) ? r.between(0.12, 0.2) : r.between(0.005, 0.025);
      const lowShare = r.chance(0.08) ? r.between(0.2, 0.3) : r.between(0.06, 0.14);
      const weights = baseWeights.map((b, i) => b * (1 + 0.5 * Math.sin((2 * Math.PI * (dayIndex + i * 40)) / 365)));

      // Office hours, 08:00–18:00 local, in time order so ids grow with time as they do live.
      const open = new Date(y, m - 1, dd, 8).getTime();
      // Photos not taken yet (a day that runs past `now`) are left out.
      const times = Array.from({ length: count }, () => open + Math.floor(r.next() * 10 * 3_600_000))
        .sort((a, b) => a - b)
        .filter((t) => t <= now.getTime());

      // Tonight's batch at 02:00; now and then it fails and a catch-up run files the day at 08:30.
      const nightFails = r.chance(0.01);
      const runStart = new Date(y, m - 1, dd + 1, 2, 0, r.int(0, 9)).toISOString();
      const fileStart = nightFails ? new Date(y, m - 1, dd + 1, 8, 30, r.int(0, 59)).toISOString() : runStart;
      const filed = fileStart <= nowIso;

      const planned = times.map((t, k) => {
        const n = k + 1;
        const stamp = `${y}${pad(m)}${pad(dd)}`;
        const returnId = r.chance(0.03) ? null : `RET-${stamp}-${pad(n, 3)}`;
        const fileName = returnId ? `return_${stamp}_${pad(n, 3)}.jpg` : `IMG_${stamp}_${pad(n, 4)}.jpg`;
        const unreadable = r.chance(failRate);
        const category = r.weighted(categories, weights);
        const confidence = r.chance(lowShare) ? r.between(0.3, 0.7) : r.chance(0.18) ? r.between(0.7, 0.85) : r.between(0.85, 0.999);
        return { t, fileName, returnId, unreadable, category, confidence: Math.round(confidence * 1000) / 1000 };
      });

      const runIds = filed ? writeRuns(w, r, { y, m, dd, runStart, fileStart, nightFails, planned, thresholds, modelSha256 }) : null;
      if (runIds) summary.runs += nightFails ? 2 : 1;

      for (const p of planned) {
        const receivedAt = new Date(p.t).toISOString();
        // Most unreadable photos fail at decoding, before any prediction; a few decode, then fail
        // validation when filed.
        const predicted = !p.unreadable || r.chance(0.3);
        const decisions = predicted && filed && !p.unreadable ? reviews(r, p, categories, clerks, y, m, dd, thresholds) : [];
        const live = decisions
          .filter((x) => x.undoneAt === null && x.createdAt <= nowIso && (x.action === 'accept' || x.action === 'override'))
          .at(-1);
        const finalCategory = live?.category ?? p.category;
        const location = !filed ? 'incoming' : p.unreadable ? 'errors' : 'processed';
        const relPath = location === 'processed' ? `processed/${finalCategory}/${p.fileName}` : `${location}/${p.fileName}`;
        const filedAt =
          location !== 'processed'
            ? null
            : live && live.category !== p.category
              ? live.createdAt
              : addMs(fileStart, 20_000 + r.int(0, 90_000));
        const itemId = w.item({
          fileName: p.fileName,
          sha256: createHash('sha256')
            .update(`seed-history:${opts.seed ?? 1}:${serial++}`)
            .digest('hex'),
          sizeBytes: r.int(2_500_000, 4_000_000),
          returnId: p.returnId,
          location,
          relPath,
          status: location === 'processed' ? 'filed' : location === 'errors' ? 'failed' : predicted ? 'classified' : 'pending',
          error: location === 'errors' ? 'synthetic: the photo could not be decoded (truncated JPEG)' : null,
          receivedAt,
          filedAt,
          batchRunId: runIds ? runIds.filing : null,
          latest: predicted ? { category: p.category, confidence: p.confidence } : null,
        });
        summary.items++;
        if (predicted) {
          w.prediction(itemId, {
            category: p.category,
            confidence: p.confidence,
            top3: top3(r, p.category, p.confidence, categories),
            modelSha256,
            latencyMs: round2(r.between(15, 60)),
            createdAt: addMs(receivedAt, r.int(300, 3000)),
          });
          summary.predictions++;
        }
        for (const x of decisions) {
          if (x.createdAt > nowIso) continue;
          w.decision(itemId, x);
          summary.decisions++;
        }
      }
      summary.alerts += runIds?.alerts ?? 0;
    });
  });
  return summary;
}

function top3(r: SeededRandom, category: string, confidence: number, categories: readonly string[]): Guess[] {
  const others = categories.filter((c) => c !== category);
  const a = r.pick(others);
  const b = r.pick(others.filter((c) => c !== a));
  const rest = 1 - confidence;
  const second = round2(rest * r.between(0.5, 0.9));
  return [
    { category, confidence },
    { category: a, confidence: second },
    { category: b, confidence: round2(Math.min(second, rest - second)) },
  ];
}

/** Next morning's review: most low-band items and some medium ones get a decision; about a third
 * of the low ones are overrides; a few decisions are undone and taken again. */
function reviews(
  r: SeededRandom,
  p: { category: string; confidence: number },
  categories: readonly string[],
  clerks: readonly string[],
  y: number,
  m: number,
  dd: number,
  t: BandThresholds,
): ImportedDecision[] {
  const band = bandOf(p.confidence, t);
  const reviewP = band === 'low' ? 0.85 : band === 'medium' ? 0.15 : 0.01;
  if (!r.chance(reviewP)) return [];
  const at = () => new Date(y, m - 1, dd + 1, 9, r.int(0, 179), r.int(0, 59)).toISOString();
  const decide = (action: ReviewAction, createdAt: string): ImportedDecision => ({
    action,
    category: action === 'accept' ? p.category : action === 'override' ? r.pick(categories.filter((c) => c !== p.category)) : null,
    clerk: r.pick(clerks),
    durationMs: r.int(1500, 20_000),
    createdAt,
    undoneAt: null,
  });
  const u = r.next();
  const action: ReviewAction = u < 0.05 ? 'defer' : u < 0.07 ? 'flag' : r.chance(band === 'low' ? 0.35 : 0.15) ? 'override' : 'accept';
  const firstAt = at();
  const first = decide(action, firstAt);
  if (!r.chance(0.01)) return [first];
  // Taken back a minute later and decided again.
  return [{ ...first, undoneAt: addMs(firstAt, 60_000) }, decide(r.chance(0.5) ? 'accept' : 'override', addMs(firstAt, 90_000))];
}

interface NightPlan {
  y: number;
  m: number;
  dd: number;
  runStart: string;
  fileStart: string;
  nightFails: boolean;
  planned: { unreadable: boolean; confidence: number }[];
  thresholds: BandThresholds;
  modelSha256: string;
}

/** The night's run(s) and the alerts the real rules raise for them. Returns the filing run's id. */
function writeRuns(w: BulkWriter, r: SeededRandom, n: NightPlan): { filing: number; alerts: number } {
  const total = n.planned.length;
  const failed = n.planned.filter((p) => p.unreadable).length;
  const successful = total - failed;
  const low = n.planned.filter((p) => !p.unreadable && bandOf(p.confidence, n.thresholds) === 'low').length;
  let alerts = 0;
  const record = (run: Omit<BatchRun, 'id'>): number => {
    const id = w.run({ ...run });
    for (const a of evaluateBatchAlerts({ ...run, id })) {
      const createdAt = run.finishedAt!;
      const acknowledged = r.chance(0.9);
      w.alert({
        ...a,
        batchRunId: id,
        createdAt,
        acknowledgedAt: acknowledged ? addMs(createdAt, r.int(6, 9) * 3_600_000) : null,
        acknowledgedBy: acknowledged ? 'Ana' : null,
      });
      alerts++;
    }
    return id;
  };
  const stampOf = (iso: string) => fileStamp(new Date(iso));
  if (n.nightFails) {
    record({
      timestamp: stampOf(n.runStart),
      startedAt: n.runStart,
      finishedAt: addMs(n.runStart, 3000),
      trigger: 'schedule',
      status: 'failed',
      totalImages: total,
      successful: 0,
      failed: 0,
      successRate: 0,
      lowConfidence: 0,
      durationSeconds: 3,
      modelSha256: null,
      errorMessage: 'The model file failed verification (sha256 mismatch)',
      outputs: null,
    });
  }
  // Now and then a slow night (another program hogging the disk): over the 15-minute rule.
  const durationSeconds = round2(r.chance(0.015) ? r.between(1000, 1500) : 20 + total * r.between(0.3, 0.4));
  const filing = record({
    timestamp: stampOf(n.fileStart),
    startedAt: n.fileStart,
    finishedAt: addMs(n.fileStart, durationSeconds * 1000),
    trigger: n.nightFails ? 'catch-up' : 'schedule',
    status: failed > 0 ? 'completed_with_errors' : 'completed',
    totalImages: total,
    successful,
    failed,
    successRate: total > 0 ? round2((successful / total) * 100) : 100,
    lowConfidence: low,
    durationSeconds,
    modelSha256: n.modelSha256,
    errorMessage: null,
    // Synthetic runs wrote no files: no links to reports that are not there.
    outputs: null,
  });
  return { filing, alerts };
}
