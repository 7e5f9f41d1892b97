// The drift watch's math on made-up nights: a resampled night is quiet, a shifted one is flagged
// with the right cause, thresholds repeat for a seed, and the reference stays small.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../synthetic/seeded-random.ts';
import { estimateAccuracy } from './accuracy-estimate.ts';
import { buildReference } from './drift-reference.ts';
import { syntheticNightPhotos } from '../synthetic/synthetic-night.ts';
import { checkNight, thresholdsFor } from './night-check.ts';

const labels = ['Tshirts', 'Shirts', 'Heels', 'Watches'];
const refPhotos = syntheticNightPhotos(1200, { seed: 1, labels });
const reference = buildReference(refPhotos, { labels, seed: 3 });

describe('drift reference', () => {
  it('is compact JSON and keeps the calibration', () => {
    const json = JSON.stringify(reference);
    expect(json.length).toBeLessThan(300_000 * (1200 / 2000));
    const back = JSON.parse(json) as typeof reference;
    expect(back.projected![0]).toHaveLength(16);
    expect(reference.calibration!.accuracy).toBeGreaterThan(0.5);
    expect(reference.calibration!.accuracy).toBeLessThan(1);
  });
});

describe('thresholdsFor', () => {
  it('is deterministic for a seed and cached per night size', () => {
    const a = thresholdsFor(reference, 100, { nights: 60, seed: 5 });
    const again = buildReference(refPhotos, { labels, seed: 3 });
    const b = thresholdsFor(again, 100, { nights: 60, seed: 5 });
    expect(b).toEqual(a);
    expect(thresholdsFor(reference, 100, { nights: 60, seed: 5 })).toBe(a);
    const c = thresholdsFor(reference, 100, { nights: 60, seed: 6 });
    expect(c.embedding).not.toBe(a.embedding);
  });

  it('with groups (nights, rooms) carries the variation between them: about as high, wider where groups differ', () => {
    // Twelve "rooms", each with its own light: the photos of one room are darker or brighter together.
    const grouped = refPhotos.map((p, i) => ({
      ...p,
      group: i % 12,
      imageStats: { ...p.imageStats, brightness: p.imageStats.brightness + 0.04 * ((i % 12) - 5.5) },
    }));
    const withGroups = buildReference(grouped, { labels, seed: 3 });
    expect(withGroups.columns.group).toHaveLength(1200);
    const plain = buildReference(
      grouped.map(({ group: _g, ...p }) => p),
      { labels, seed: 3 },
    );
    const a = thresholdsFor(withGroups, 100, { nights: 60 });
    const b = thresholdsFor(plain, 100, { nights: 60 });
    expect(a.brightness).toBeGreaterThan(b.brightness);
    for (const s of ['confidence', 'category-mix', 'embedding'] as const) expect(a[s]).toBeGreaterThanOrEqual(b[s] * 0.85);
  });
});

describe('checkNight', () => {
  const thresholds = thresholdsFor(reference, 200, { nights: 200 });
  const stable = (seed: number) => syntheticNightPhotos(200, { seed, labels });

  it('raises nothing on nights like the reference', () => {
    for (let s = 0; s < 10; s++) {
      const c = checkNight(reference, thresholds, stable(100 + s));
      expect(c.signals.filter((x) => x.flagged).map((x) => x.name)).toEqual([]);
      expect(c.cause).toBeNull();
    }
  });

  it('names darker photos, a colour cast, blur, another camera and a new kind', () => {
    const darker = stable(200).map((p) => ({ ...p, imageStats: { ...p.imageStats, brightness: p.imageStats.brightness * 0.75 } }));
    expect(checkNight(reference, thresholds, darker).cause).toBe('darker');
    const cast = stable(201).map((p) => ({ ...p, imageStats: { ...p.imageStats, castRB: p.imageStats.castRB + 0.08 } }));
    expect(checkNight(reference, thresholds, cast).cause).toBe('colour-cast');
    const blur = stable(202).map((p) => ({ ...p, imageStats: { ...p.imageStats, sharpness: p.imageStats.sharpness * 0.5 } }));
    const blurCheck = checkNight(reference, thresholds, blur);
    expect(blurCheck.cause).toBe('blurrier');
    expect(blurCheck.message).toBe('Photos are blurrier than usual: clean the lens and check the focus.');
    const camera = stable(203).map((p) => ({ ...p, imageStats: { ...p.imageStats, width: 1280, height: 960 } }));
    expect(checkNight(reference, thresholds, camera).cause).toBe('camera');
    const newKind = [...stable(204).slice(0, 140), ...syntheticNightPhotos(60, { seed: 205, labels, newKind: true })];
    const c = checkNight(reference, thresholds, newKind);
    expect(c.cause).toBe('new-kind');
    expect(c.group.length).toBeGreaterThanOrEqual(20);
    // The group is mostly the new kind's photos (indices 140…199).
    expect(c.group.filter((i) => i >= 140).length / c.group.length).toBeGreaterThan(0.8);
    expect(c.message).toMatch(/^Tonight \d+ photos look alike and match no category: add a category\?$/);
  });
});

describe('estimateAccuracy', () => {
  it('is near the true accuracy of a night like the reference, with an interval around it', () => {
    const night = syntheticNightPhotos(400, { seed: 9, labels });
    const truth = night.filter((p) => p.correct).length / night.length;
    const e = estimateAccuracy(
      reference,
      night.map((p) => p.confidence),
    );
    expect(Math.abs(e.all.estimate - truth)).toBeLessThan(0.05);
    expect(e.all.low).toBeLessThan(e.all.estimate);
    expect(e.all.high).toBeGreaterThan(e.all.estimate);
    expect(e.autoApproved.count).toBeGreaterThan(0);
  });
  it('without photos says nothing is known', () => {
    const rnd = seededRandom(1);
    expect(rnd.next()).toBeGreaterThan(0);
    expect(estimateAccuracy(reference, []).all.count).toBe(0);
  });
});
