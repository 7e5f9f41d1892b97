// The nightly self-check on a real station database: no reference for the first nights (the
// estimate only), the desk's reference built from its first settled nights, then a darker night
// flagged once, named, with its alert, and the night's auto-approvable photos held for a person.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTempDb, shaOf, type TempDb } from '../db/test-temp-db.ts';
import { syntheticNightPhotos } from '../synthetic/synthetic-night.ts';
import { buildReference } from '../drift/drift-reference.ts';
import { thresholdsFor } from '../drift/night-check.ts';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadModelReference, REFERENCE_NIGHTS, watchNight, type StoredReference } from './night-watch.ts';

const LABELS = ['Tshirts', 'Shirts', 'Trousers', 'Shoes'];
const MODEL = 'd'.repeat(64);
const HIGH = 0.85;
// Thresholds for two night sizes only (the station works out eleven, about half a minute once).
const SIZES = [20, 50];
let t: TempDb;
let photoNo = 0;

beforeEach(() => {
  t = openTempDb();
});
afterEach(() => t.cleanup());

/** One finished night of `count` synthetic photos, filed with their predictions; `darker` scales
 * every photo's brightness. */
function night(seed: number, count: number, opts: { darker?: number } = {}) {
  const { db } = t;
  const startedAt = new Date(Date.UTC(2025, 9, 1 + seed, 2)).toISOString();
  const run = db.runs.startBatchRun({
    timestamp: `202510${String(seed).padStart(2, '0')}_020000`,
    startedAt,
    trigger: 'schedule',
    modelSha256: MODEL,
  });
  for (const p of syntheticNightPhotos(count, { seed, labels: LABELS })) {
    const name = `p${++photoNo}.jpg`;
    const item = db.items.insertItem({ fileName: name, sha256: shaOf(name), sizeBytes: p.sizeBytes, relPath: `incoming/${name}` });
    db.items.addPrediction(item.id, {
      category: p.category,
      confidence: p.confidence,
      top3: [{ category: p.category, confidence: p.confidence }],
      modelSha256: MODEL,
      latencyMs: 5,
      features: p.features,
      imageStats: { ...p.imageStats, brightness: p.imageStats.brightness * (opts.darker ?? 1) },
    });
    db.items.updateItemLocation(item.id, 'processed', `processed/${p.category}/${name}`, 'filed', null, run.id);
  }
  db.runs.finishBatchRun(run.id, { status: 'completed', totalImages: count, successful: count, failed: 0, modelSha256: MODEL });
  return { runId: run.id, startedAt, modelSha256: MODEL, labels: LABELS, high: HIGH };
}

describe('watchNight', () => {
  it('before the desk has its reference, records the estimate only', () => {
    const n = night(1, 60);
    const out = watchNight(t.db, n, { thresholdSizes: SIZES });
    expect(out).toEqual({ reference: null, alertId: null, builtReference: false });
    const [estimate] = t.db.drift.nightEstimates();
    expect(estimate).toMatchObject({ batchRunId: n.runId, method: 'confidence', photos: 60 });
    expect(t.db.drift.latestCheck()).toBeNull();
  });

  it('builds the desk reference from its settled nights, then flags a darker night once', () => {
    let built = false;
    for (let s = 1; s <= REFERENCE_NIGHTS; s++) built = watchNight(t.db, night(s, 60), { thresholdSizes: SIZES }).builtReference || built;
    expect(built).toBe(true);
    expect(t.db.drift.deskReference(MODEL)).toMatchObject({ nights: REFERENCE_NIGHTS, photos: REFERENCE_NIGHTS * 60 });

    // A stable night: checked against the desk, nothing raised.
    const calm = watchNight(t.db, night(40, 60), { thresholdSizes: SIZES });
    expect(calm).toMatchObject({ reference: 'desk', alertId: null });
    expect(t.db.drift.latestCheck()?.signals.some((s) => s.flagged)).toBe(false);

    // A darker night: the cause in words, its alert, and the photos it would auto-approve held.
    const dark = night(41, 60, { darker: 0.6 });
    const out = watchNight(t.db, dark, { thresholdSizes: SIZES });
    expect(out.alertId).not.toBeNull();
    const [flag] = t.db.drift.listDriftFlags();
    expect(flag).toMatchObject({ cause: 'darker', batchRunId: dark.runId, clearedAt: null });
    expect(flag!.message).toMatch(/darker than usual since \w+day: check the desk light/i);
    const nightItems = t.db.drift.nightPhotos([dark.runId], HIGH);
    const confident = nightItems.filter((p) => p.confidence >= HIGH);
    expect(confident.length).toBeGreaterThan(0);
    for (const p of confident) expect(t.db.items.getItem(p.itemId)?.heldFor).toBe('drift');

    // The next dark night names the same cause: no second flag while the first is open.
    expect(watchNight(t.db, night(42, 60, { darker: 0.6 }), { thresholdSizes: SIZES }).alertId).toBeNull();
    expect(t.db.drift.listDriftFlags()).toHaveLength(1);
  });

  it("before the desk has its own, checks a night against the model's reference and raises no flag", () => {
    // The model's reference: labelled photos from other rooms (here: made up, 90 % of them right).
    const photos = syntheticNightPhotos(600, { seed: 500, labels: LABELS }).map((p, i) => ({ ...p, correct: i % 10 !== 0, group: i % 12 }));
    const reference = buildReference(photos, { labels: LABELS, high: HIGH });
    const modelReference: StoredReference = {
      reference,
      thresholds: Object.fromEntries(SIZES.map((n) => [String(n), thresholdsFor(reference, n)])),
    };
    const dark = night(1, 60, { darker: 0.5 });
    const out = watchNight(t.db, dark, { thresholdSizes: SIZES, modelReference });
    expect(out).toEqual({ reference: 'model', alertId: null, builtReference: false });
    const check = t.db.drift.latestCheck();
    expect(check?.reference).toBe('model');
    // The check sees the dark night, but a room other than the reference's is no cause for alarm.
    expect(check?.signals.find((s) => s.name === 'brightness')?.flagged).toBe(true);
    expect(t.db.drift.listDriftFlags()).toEqual([]);
    // The estimate is read with the reference's calibration (ATC), not the bare average confidence.
    expect(t.db.drift.nightEstimates()[0]).toMatchObject({ batchRunId: dark.runId, method: 'atc' });
    // Once the desk has its own reference, the model's stands aside.
    for (let s = 2; s <= REFERENCE_NIGHTS + 1; s++) watchNight(t.db, night(s, 60), { thresholdSizes: SIZES, modelReference });
    expect(t.db.drift.deskReference(MODEL)).not.toBeNull();
    expect(watchNight(t.db, night(40, 60), { thresholdSizes: SIZES, modelReference }).reference).toBe('desk');
  });

  it("reads the model's reference file only when its sha256 is the one model.json names", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rs-model-ref-'));
    try {
      const reference = buildReference(syntheticNightPhotos(200, { seed: 7, labels: LABELS }), { labels: LABELS, high: HIGH });
      const bytes = Buffer.from(JSON.stringify({ reference, thresholds: { '20': thresholdsFor(reference, 20) } }));
      const file = path.join(dir, 'drift-reference.json');
      writeFileSync(file, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      expect(loadModelReference({ path: file, sha256 })?.reference.count).toBe(200);
      expect(loadModelReference({ path: file, sha256: 'e'.repeat(64) })).toBeNull();
      expect(loadModelReference({ path: path.join(dir, 'missing.json'), sha256 })).toBeNull();
      expect(loadModelReference(null)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
