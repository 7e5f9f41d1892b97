// The bench's desk-head figure: one fit of the softmax head on a seeded synthetic problem the size
// of a busy station's review history (20,000 decisions × 394 features: a 384-float embedding and 10
// base logits, 12 categories). The product asks for at most 10 s on two cores.
import { performance } from 'node:perf_hooks';
import { fitSoftmax } from '../desk/softmax-regression.ts';
import { seededRandom, type SeededRandom } from '../history/seeded-random.ts';

export interface DeskHeadBenchResult {
  rows: number;
  dims: number;
  classes: number;
  seconds: number;
  iterations: number;
}

// The weight decay the station is expected to train with (per example, on the mean loss).
const BENCH_WEIGHT_DECAY = 1e-3;
const LATENT_FACTORS = 16;

export async function benchDeskHeadFit(
  opts: { rows?: number; dims?: number; classes?: number; log?: (s: string) => void } = {},
): Promise<DeskHeadBenchResult> {
  const log = opts.log ?? (() => {});
  const rows = opts.rows ?? 20_000;
  const dims = opts.dims ?? 394;
  const classes = opts.classes ?? 12;
  const { x, y } = embeddingLikeRows(rows, dims, classes, seededRandom(7));
  log(`Fitting the desk head on ${rows} × ${dims} synthetic examples (${classes} classes) …`);
  const t0 = performance.now();
  const fit = fitSoftmax(x, y, classes, { weightDecay: BENCH_WEIGHT_DECAY });
  const seconds = (performance.now() - t0) / 1000;
  return { rows, dims, classes, seconds, iterations: fit.iterations };
}

/**
 * Embedding-like rows: a class centre, 16 shared latent factors that every feature mixes (real
 * embedding components are strongly correlated, which is what makes a fit slow), a little noise of
 * each feature's own, and 5 % of labels redrawn, so the problem is not separable.
 */
function embeddingLikeRows(rows: number, dims: number, classes: number, r: SeededRandom) {
  const centres = Float64Array.from({ length: classes * dims }, () => 0.1 * gaussian(r));
  const mixing = Float64Array.from({ length: LATENT_FACTORS * dims }, () => gaussian(r));
  const latent = new Float64Array(LATENT_FACTORS);
  const x = new Float32Array(rows * dims);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = i % classes;
    for (let f = 0; f < LATENT_FACTORS; f++) latent[f] = gaussian(r);
    for (let d = 0; d < dims; d++) {
      let v = centres[k * dims + d]! + 0.3 * gaussian(r);
      for (let f = 0; f < LATENT_FACTORS; f++) v += latent[f]! * mixing[f * dims + d]!;
      x[i * dims + d] = v;
    }
    y[i] = r.chance(0.05) ? r.int(0, classes - 1) : k;
  }
  return { x, y };
}

/** Box–Muller: a standard normal draw from two uniform ones. */
function gaussian(r: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}
