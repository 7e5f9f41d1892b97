// The bench's drift figure: the night's drift checks and accuracy estimate for 1,000 made-up photos
// (384 features each, as the shipped model gives) against a reference of 2,000, the median of 5
// timed runs (target ≤ 2 s on 2 cores). The thresholds for a night size are worked out once and
// cached; their time is printed apart, with the reference's.
import { performance } from 'node:perf_hooks';
import { estimateAccuracy } from '../drift/accuracy-estimate.ts';
import { buildReference } from '../drift/drift-reference.ts';
import { checkNight, thresholdsFor } from '../drift/night-check.ts';
import { syntheticNightPhotos } from '../synthetic/synthetic-night.ts';

export interface DriftBenchResult {
  photos: number;
  referencePhotos: number;
  /** checkNight + estimateAccuracy, median of the runs, ms. */
  checkMs: number;
  thresholdsMs: number;
  referenceMs: number;
  referenceJsonBytes: number;
  runs: number;
}

const LABELS = ['Tshirts', 'Shirts', 'Casual Shoes', 'Watches', 'Sports Shoes', 'Kurtas', 'Tops', 'Handbags', 'Heels', 'Sunglasses'];

export function benchDrift(
  opts: { photos?: number; referencePhotos?: number; runs?: number; log?: (s: string) => void } = {},
): DriftBenchResult {
  const photos = opts.photos ?? 1000;
  const referencePhotos = opts.referencePhotos ?? 2000;
  const runs = opts.runs ?? 5;
  const refPhotos = syntheticNightPhotos(referencePhotos, { seed: 1, labels: LABELS, dim: 384 });
  let t = performance.now();
  const ref = buildReference(refPhotos, { labels: LABELS });
  const referenceMs = performance.now() - t;
  t = performance.now();
  const thresholds = thresholdsFor(ref, photos);
  const thresholdsMs = performance.now() - t;
  opts.log?.(
    `drift: reference of ${referencePhotos} in ${referenceMs.toFixed(0)} ms, thresholds for ${photos} a night in ${thresholdsMs.toFixed(0)} ms`,
  );
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const night = syntheticNightPhotos(photos, { seed: 100 + r, labels: LABELS, dim: 384 });
    t = performance.now();
    checkNight(ref, thresholds, night);
    estimateAccuracy(
      ref,
      night.map((p) => p.confidence),
    );
    times.push(performance.now() - t);
  }
  return {
    photos,
    referencePhotos,
    checkMs: [...times].sort((a, b) => a - b)[runs >> 1]!,
    thresholdsMs,
    referenceMs,
    referenceJsonBytes: JSON.stringify(ref).length,
    runs,
  };
}
