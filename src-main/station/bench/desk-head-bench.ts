// The bench's desk-head figure: the whole fit a night or Retrain now runs (fitDeskHead: the weight
// decay and temperature chosen out of fold, the final fit, the check against the base model) on a
// seeded synthetic review history the size of a busy station's: 20,000 decisions, each a 384-float
// embedding and 10 base logits, in 12 classes (the ten, a desk category and Other). The product asks
// for at most 10 s on two cores. One plain softmax fit of the same size is timed beside it.
import { performance } from 'node:perf_hooks';
import { DEFAULT_CATEGORIES } from '../../../src-shared/domain.ts';
import { OTHER_CATEGORY } from '../../../src-shared/desk-learning.ts';
import { fitDeskHead, headInput, type DeskExample } from '../desk/desk-head.ts';
import { fitSoftmax } from '../desk/softmax-regression.ts';
import { seededRandom, type SeededRandom } from '../synthetic/seeded-random.ts';

export interface DeskHeadBenchResult {
  rows: number;
  /** The head's input: features, logits and the studio flag. */
  dims: number;
  classes: number;
  /** The whole fit (fitDeskHead). */
  seconds: number;
  /** One softmax fit on all rows, and its L-BFGS iterations. */
  singleFitSeconds: number;
  iterations: number;
}

const FEATURES = 384;
const LATENT_FACTORS = 16;
const CLASSES = [...DEFAULT_CATEGORIES, 'Trousers', OTHER_CATEGORY];

export async function benchDeskHeadFit(opts: { rows?: number; log?: (s: string) => void } = {}): Promise<DeskHeadBenchResult> {
  const log = opts.log ?? (() => {});
  const rows = opts.rows ?? 20_000;
  const examples = embeddingLikeDecisions(rows, seededRandom(7));
  const dims = headInput(examples[0]!.features, examples[0]!.logits, 'photo').length;
  log(`Fitting the desk head on ${rows} synthetic decisions (${dims} inputs, ${CLASSES.length} classes) …`);
  const t0 = performance.now();
  const fit = fitDeskHead(examples, { labels: DEFAULT_CATEGORIES, high: 0.85 });
  const seconds = (performance.now() - t0) / 1000;
  if ('problem' in fit) throw new Error(fit.problem);
  const x = new Float32Array(rows * dims);
  examples.forEach((e, i) => x.set(headInput(e.features, e.logits, e.photoKind), i * dims));
  const y = Int32Array.from(examples, (e) => CLASSES.indexOf(e.label));
  const t1 = performance.now();
  const single = fitSoftmax(x, y, CLASSES.length, { weightDecay: 0.03 });
  const singleFitSeconds = (performance.now() - t1) / 1000;
  return { rows, dims, classes: CLASSES.length, seconds, singleFitSeconds, iterations: single.iterations };
}

/**
 * Embedding-like decisions: features are a class centre plus 16 shared latent factors that every
 * feature mixes (real embedding components are strongly correlated, which is what makes a fit slow)
 * and a little noise of each feature's own, made non-negative as pooled ReLU features are; logits
 * that lean a little to the right class; 5 % of labels redrawn, so the problem is not separable.
 */
function embeddingLikeDecisions(rows: number, r: SeededRandom): DeskExample[] {
  const classes = CLASSES.length;
  const centres = Float64Array.from({ length: classes * FEATURES }, () => 0.1 * gaussian(r));
  const mixing = Float64Array.from({ length: LATENT_FACTORS * FEATURES }, () => 0.1 * gaussian(r));
  const latent = new Float64Array(LATENT_FACTORS);
  return Array.from({ length: rows }, (_, i) => {
    const k = i % classes;
    for (let f = 0; f < LATENT_FACTORS; f++) latent[f] = gaussian(r);
    const features = new Float32Array(FEATURES);
    for (let d = 0; d < FEATURES; d++) {
      let v = 0.5 + centres[k * FEATURES + d]! + 0.03 * gaussian(r);
      for (let f = 0; f < LATENT_FACTORS; f++) v += latent[f]! * mixing[f * FEATURES + d]!;
      features[d] = Math.max(0, v);
    }
    const logits = Float32Array.from(DEFAULT_CATEGORIES, (_, c) => (c === k ? 1 : 0) + gaussian(r));
    const label = r.chance(0.05) ? CLASSES[r.int(0, classes - 1)]! : CLASSES[k]!;
    return { decisionId: i + 1, label, features, logits, photoKind: 'photo', base: { category: 'Tops', confidence: 0.5 } };
  });
}

/** Box–Muller: a standard normal draw from two uniform ones. */
function gaussian(r: SeededRandom): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}
