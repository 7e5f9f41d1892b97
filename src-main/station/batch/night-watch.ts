// After a night's results are out: the station checks itself (issue 35). The night's photos are
// compared with the desk's own reference (its first settled nights of this model: drift/), each
// signal recorded for History's panel, a drift flag raised (with its alert) when the check names a
// cause no open flag already names, and the night's accuracy estimated without labels. Until the
// desk has its reference, the night is compared with the model's own (model.json `driftReference`:
// labelled photos from senders the training never saw, `npm run eval -- --drift
// --write-model-reference`): the estimate is read with its calibration and the signals recorded, but
// no flag is raised, because every desk is a room those photos were not taken in (a reference from
// other rooms raised 86 false alarms in 90 stable nights: models/training/EXPERIMENTS.md).
//
// Never fails a night: the caller logs what this throws and goes on.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DriftSignal } from '../../../src-shared/audit.ts';
import { DRIFT_SIGNAL_LABELS } from '../../../src-shared/drift.ts';
import { buildReference, type DriftReference, type ReferencePhoto } from '../drift/drift-reference.ts';
import { estimateAccuracy } from '../drift/accuracy-estimate.ts';
import { checkNight, thresholdsFor, type DriftThresholds } from '../drift/night-check.ts';
import type { StationDb } from '../db/station-db.ts';
import type { StoredNightPhoto } from '../db/drift-input-queries.ts';

/** The desk's reference is built from this many finished nights of one model, each with at least
 * MIN_NIGHT_PHOTOS photos: about two weeks of a desk that runs every night. */
export const REFERENCE_NIGHTS = 14;
export const MIN_NIGHT_PHOTOS = 20;
/** At most this many photos go into the reference (a seeded draw, every night kept): enough for the
 * thresholds' resampling, small enough to store and to check a night in well under a second. */
export const REFERENCE_MAX_PHOTOS = 2000;

/** Night sizes whose thresholds are worked out once, with the reference (about 2 s each), and stored
 * with it: a night is checked with those of the largest size not above its own (a little more
 * lenient than its exact size would be, never stricter), so the night's check itself stays well
 * under the bench's 2 s for 1,000 photos. A bigger night is checked with 1,000's. */
export const THRESHOLD_SIZES: readonly number[] = [20, 35, 50, 75, 100, 150, 200, 300, 450, 650, 1000];

/** What the station stores: the reference and its thresholds by night size. */
export interface StoredReference {
  reference: DriftReference;
  thresholds: Record<string, DriftThresholds>;
}

export interface NightWatchOutcome {
  reference: 'desk' | 'model' | null;
  /** The flag's alert, to dispatch after the commit; null when nothing new was raised. */
  alertId: number | null;
  /** Set when this night completed the desk's reference. */
  builtReference: boolean;
}

const WEEKDAY = new Intl.DateTimeFormat('en-GB', { weekday: 'long' });

/** Reads one stored reference back; null when it is not one this code can read. */
export function readReference(stored: unknown): StoredReference | null {
  const s = stored as Partial<StoredReference> | null;
  const r = s?.reference;
  return r && r.version === 1 && Array.isArray(r.labels) && r.columns && s.thresholds ? (s as StoredReference) : null;
}

/** The stored thresholds of the largest night size not above `n`. */
function thresholdsForNight(stored: StoredReference, n: number): DriftThresholds | null {
  const size = Object.keys(stored.thresholds)
    .map(Number)
    .sort((a, b) => b - a)
    .find((k) => k <= n);
  return size === undefined ? null : (stored.thresholds[String(size)] ?? null);
}

const modelReferences = new Map<string, StoredReference | null>();

/** The model's own reference (model.json `driftReference`), read once per file and checked against
 * its sha256; null when the model has none or the file is not the one model.json names. */
export function loadModelReference(file: { path: string; sha256: string } | null): StoredReference | null {
  if (!file) return null;
  const key = `${file.path}:${file.sha256}`;
  if (!modelReferences.has(key)) {
    let loaded: StoredReference | null = null;
    try {
      const bytes = readFileSync(file.path);
      if (createHash('sha256').update(bytes).digest('hex') === file.sha256) loaded = readReference(JSON.parse(bytes.toString('utf8')));
    } catch {
      loaded = null; // unreadable: the night goes on without it, as for a model that has none
    }
    modelReferences.set(key, loaded);
  }
  return modelReferences.get(key)!;
}

export function watchNight(
  db: StationDb,
  night: { runId: number; startedAt: string; modelSha256: string; labels: readonly string[]; high: number },
  opts: { thresholdSizes?: readonly number[]; modelReference?: StoredReference | null } = {},
): NightWatchOutcome {
  const photos = db.drift.nightPhotos([night.runId], night.high);
  const stored = db.drift.deskReference(night.modelSha256);
  const deskRef = stored ? readReference(stored.reference) : null;
  // The model's own reference stands in until the desk has its own; it never raises a flag.
  const modelRef = deskRef ? null : (opts.modelReference ?? null);
  const desk = deskRef ?? modelRef;
  const ref = desk?.reference ?? null;
  const confidences = photos.map((p) => p.confidence);
  const estimate = estimateAccuracy(ref, confidences, { high: night.high });
  if (photos.length > 0) {
    db.drift.recordNight({
      batchRunId: night.runId,
      method: estimate.method,
      photos: photos.length,
      autoPhotos: estimate.autoApproved.count,
      all: { estimate: estimate.all.estimate, low: estimate.all.low, high: estimate.all.high },
      auto: estimate.autoApproved.count
        ? { estimate: estimate.autoApproved.estimate, low: estimate.autoApproved.low, high: estimate.autoApproved.high }
        : null,
    });
  }
  let alertId: number | null = null;
  const thresholds = desk ? thresholdsForNight(desk, photos.length) : null;
  if (ref && thresholds) {
    const check = checkNight(ref, thresholds, photos, { high: night.high, since: WEEKDAY.format(new Date(night.startedAt)) });
    const signals: DriftSignal[] = check.signals.map((s) => ({
      name: s.name,
      label: DRIFT_SIGNAL_LABELS[s.name],
      value: s.value,
      threshold: s.threshold,
      flagged: s.flagged,
    }));
    db.drift.recordCheck({ batchRunId: night.runId, reference: deskRef ? 'desk' : 'model', signals });
    const alreadyOpen = db.drift.listDriftFlags().some((f) => f.clearedAt === null && f.cause === check.cause);
    if (deskRef && check.flagged && check.cause && check.message && !alreadyOpen) {
      const { alert } = db.drift.raiseFlag({
        batchRunId: night.runId,
        cause: check.cause,
        message: check.message,
        details: {
          title: check.title,
          action: check.action,
          signals,
          ...(check.group.length ? { groupItemIds: check.group.map((i) => photos[i]!.itemId) } : {}),
        },
      });
      alertId = alert.id;
    }
  }
  const builtReference = !stored && maybeBuildDeskReference(db, night, opts.thresholdSizes ?? THRESHOLD_SIZES);
  return { reference: deskRef ? 'desk' : modelRef ? 'model' : null, alertId, builtReference };
}

/** The desk's reference, once it has REFERENCE_NIGHTS settled nights of this model and no open flag:
 * each photo keeps its night as its group, so the thresholds carry the night-to-night variation. */
function maybeBuildDeskReference(
  db: StationDb,
  night: { modelSha256: string; labels: readonly string[]; high: number },
  sizes: readonly number[],
): boolean {
  if (db.drift.listDriftFlags().some((f) => f.clearedAt === null)) return false;
  const nights = db.drift.settledNights(night.modelSha256, MIN_NIGHT_PHOTOS, REFERENCE_NIGHTS);
  if (nights.length < REFERENCE_NIGHTS) return false;
  const all = db.drift.nightPhotos(
    nights.map((n) => n.runId),
    night.high,
  );
  const photos = subsample(all, REFERENCE_MAX_PHOTOS).map((p): ReferencePhoto => ({
    ...nightPhoto(p),
    group: p.batchRunId,
    ...(p.correct === undefined ? {} : { correct: p.correct }),
  }));
  const reference = buildReference(photos, { labels: night.labels, high: night.high });
  const thresholds = Object.fromEntries(sizes.map((n) => [String(n), thresholdsFor(reference, n)]));
  const runIds = nights.map((n) => n.runId);
  db.drift.storeDeskReference({
    modelSha256: night.modelSha256,
    firstRunId: Math.min(...runIds),
    lastRunId: Math.max(...runIds),
    nights: nights.length,
    photos: photos.length,
    reference: { reference, thresholds } satisfies StoredReference,
  });
  return true;
}

function nightPhoto(p: StoredNightPhoto) {
  return { confidence: p.confidence, category: p.category, features: p.features, imageStats: p.imageStats, sizeBytes: p.sizeBytes };
}

/** Every k-th photo, so each night keeps its share. */
function subsample<T>(xs: readonly T[], max: number): T[] {
  if (xs.length <= max) return [...xs];
  const step = xs.length / max;
  return Array.from({ length: max }, (_, i) => xs[Math.floor(i * step)]!);
}
