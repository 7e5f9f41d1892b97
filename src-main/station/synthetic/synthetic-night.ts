// Made-up nights for the drift watch's tests and the bench: photos of a few categories with
// features around each category's centre, image statistics around a desk's, and a confidence that
// is right as often as it says.
import type { ImageStats } from '../../../src-shared/drift.ts';
import { seededRandom } from './seeded-random.ts';

/** A classified photo and whether its answer was right (drift/'s `ReferencePhoto`). */
export interface SyntheticNightPhoto {
  confidence: number;
  category: string;
  correct: boolean;
  features: Float32Array;
  sizeBytes: number;
  imageStats: ImageStats;
}

const DIM = 64;

function gauss(rnd: ReturnType<typeof seededRandom>): number {
  return Math.sqrt(-2 * Math.log(1 - rnd.next())) * Math.cos(2 * Math.PI * rnd.next());
}

/** `count` photos; with `newKind`, photos of a kind none of the categories are (their own features'
 * centre, low confidence). The centres depend on the category only, never on the seed. */
export function syntheticNightPhotos(
  count: number,
  opts: { seed: number; labels: readonly string[]; newKind?: boolean; dim?: number },
): SyntheticNightPhoto[] {
  const dim = opts.dim ?? DIM;
  const rnd = seededRandom(opts.seed);
  const centre = (k: number) => {
    const c = seededRandom(1000 + k);
    return Array.from({ length: dim }, () => (c.next() < 0.25 ? 1 + 2 * c.next() : 0.1 * c.next()));
  };
  const centres = opts.labels.map((_, k) => centre(k));
  const novel = centre(opts.labels.length + 7);
  return Array.from({ length: count }, () => {
    const k = rnd.int(0, opts.labels.length - 1);
    const c = opts.newKind ? novel : centres[k]!;
    const features = Float32Array.from(c, (x) => Math.max(0, x + 0.35 * gauss(rnd)));
    const confidence = opts.newKind ? 0.35 + 0.3 * rnd.next() : Math.min(0.999, 0.55 + 0.45 * rnd.next());
    const width = 400;
    const height = 534;
    return {
      confidence,
      category: opts.newKind ? opts.labels[rnd.int(0, opts.labels.length - 1)]! : opts.labels[k]!,
      correct: !opts.newKind && rnd.next() < confidence,
      features,
      sizeBytes: Math.round(width * height * (0.25 + 0.05 * gauss(rnd))),
      imageStats: {
        brightness: 0.55 + 0.08 * gauss(rnd),
        contrast: 0.2 + 0.03 * gauss(rnd),
        castRB: 0.03 + 0.03 * gauss(rnd),
        castG: 0.01 * gauss(rnd),
        sharpness: Math.exp(Math.log(0.6) + 0.2 * gauss(rnd)),
        width,
        height,
      },
    };
  });
}
