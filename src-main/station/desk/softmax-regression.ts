// The desk head's math: multinomial logistic regression (softmax regression) with weight decay over
// photo embeddings, fitted by L-BFGS (preconditioned by the features' correlations), and its
// objective and preconditioner in their own files, the BLOB form in softmax-blob.ts.
// Deterministic: zero start, no randomness and one fixed summation order, so refitting the same
// review decisions gives bit-identical weights. Sums run in float64; only the result is float32.
import { minimizeLbfgs } from './lbfgs.ts';
import { softmaxInPlace, softmaxLossAndGradient, type SoftmaxProblem } from './softmax-objective.ts';
import { featurePreconditioner } from './softmax-preconditioner.ts';

export interface SoftmaxModel {
  /** K */
  classes: number;
  /** D, the input features */
  dims: number;
  /** D: the standardization learnt from the training rows */
  mean: Float32Array;
  /** D: 1/std, with a floor so that constant features are harmless */
  invStd: Float32Array;
  /** K × (D + 1), row-major, the last column the bias */
  weights: Float32Array;
}

export interface SoftmaxFitOptions {
  /** L2 on the weights (not the bias), added to the mean loss as weightDecay/2 · ‖W‖². */
  weightDecay: number;
  maxIterations?: number;
  /** Stop once no gradient component of the mean loss exceeds this. */
  tolerance?: number;
  /** Per-row weights (class balancing, say); the loss is their weighted mean. Default: all 1. */
  sampleWeights?: Float32Array;
}

// 100 was too few once a desk has about 2,000 decisions: replayed on real-clothing (folds 0-8 -> 9),
// the fits at 2,400 and 3,200 decisions stopped short and the head was refused; with 300 they converge
// (EXPERIMENTS.md, "Shipped: 3.0.0"). A fit that converges sooner stops sooner.
const DEFAULT_MAX_ITERATIONS = 300;
const DEFAULT_TOLERANCE = 1e-4;
// Below any real feature's spread (embedding components vary by ~0.05, logits by units): a feature
// flatter than this is noise, and amplifying it by more than 1e4 would let it swamp a prediction.
const STD_FLOOR = 1e-4;

export function fitSoftmax(
  x: Float32Array,
  y: Int32Array,
  classes: number,
  opts: SoftmaxFitOptions,
): { model: SoftmaxModel; iterations: number; loss: number; converged: boolean } {
  const rows = y.length;
  const dims = checkTrainingData(x, y, classes, opts);
  const { mean, invStd } = featureScaling(x, rows, dims);
  const problem: SoftmaxProblem = {
    x: standardizeRows(x, rows, dims, mean, invStd),
    y,
    rows,
    dims,
    classes,
    sampleWeights: opts.sampleWeights ?? new Float32Array(rows).fill(1),
    weightDecay: opts.weightDecay,
  };
  const fit = minimizeLbfgs((w, grad) => softmaxLossAndGradient(problem, w, grad), new Float64Array(classes * (dims + 1)), {
    maxIterations: opts.maxIterations ?? DEFAULT_MAX_ITERATIONS,
    tolerance: opts.tolerance ?? DEFAULT_TOLERANCE,
    precondition: featurePreconditioner(problem),
  });
  const model = { classes, dims, mean, invStd, weights: Float32Array.from(fit.x) };
  // converged: L-BFGS reached the tolerance; false when it ran out of iterations or stalled first.
  return { model, iterations: fit.iterations, loss: fit.value, converged: fit.converged };
}

export function predictProbabilities(model: SoftmaxModel, row: Float32Array): Float32Array {
  const { classes, dims, mean, invStd, weights } = model;
  if (row.length !== dims) throw new Error(`The desk head takes ${dims} features, not ${row.length}`);
  const standardized = new Float64Array(dims);
  for (let d = 0; d < dims; d++) standardized[d] = (row[d]! - mean[d]!) * invStd[d]!;
  const p = new Float64Array(classes);
  for (let k = 0; k < classes; k++) {
    const at = k * (dims + 1);
    let s = 0;
    for (let d = 0; d < dims; d++) s += weights[at + d]! * standardized[d]!;
    p[k] = s + weights[at + dims]!;
  }
  softmaxInPlace(p, 0, classes);
  return Float32Array.from(p);
}

/** How hard the desk head's rows are balanced between classes: a row weighs 1/(rows of its class)^0.75.
 * 0 is no balancing (the commonest decision drowns a new category), 1 full balancing (two Heels
 * decisions would weigh as much as 159 Trousers ones). On real-clothing's replay (the default curve,
 * seeds 1–8, photo temperature 1.378), 0.75 against 0.5 at 800 decisions: accuracy 94.9 % against 94.4 %
 * on average, shoes 91.8 % against 86.1 %, the new category 88.0 % against 89.0 %; full balancing lost
 * more of the new category (see models/training/EXPERIMENTS.md). */
export const CLASS_BALANCE_POWER = 0.75;

/** Each row weighs 1/(rows of its class)^power, scaled so the weights sum to n: a class's total say
 * grows as rows^(1 − power). */
export function balancedWeights(y: Int32Array, classes: number, power = CLASS_BALANCE_POWER): Float32Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  let total = 0;
  for (let i = 0; i < y.length; i++) total += counts[y[i]!]! ** -power;
  return Float32Array.from(y, (label) => (y.length * counts[label]! ** -power) / total);
}

/** Throws on inputs the fit cannot use; returns D. */
function checkTrainingData(x: Float32Array, y: Int32Array, classes: number, opts: SoftmaxFitOptions): number {
  const rows = y.length;
  if (rows === 0) throw new Error('The desk head needs at least one training row');
  const dims = x.length / rows;
  if (!Number.isInteger(dims) || dims < 1) throw new Error(`${x.length} feature values do not split into ${rows} rows`);
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`classes must be a whole number ≥ 1, not ${classes}`);
  for (let i = 0; i < rows; i++) {
    if (y[i]! < 0 || y[i]! >= classes) throw new Error(`Row ${i} has label ${y[i]}, outside 0…${classes - 1}`);
  }
  if (!(opts.weightDecay >= 0) || !Number.isFinite(opts.weightDecay)) throw new Error(`weightDecay must be ≥ 0, not ${opts.weightDecay}`);
  const sw = opts.sampleWeights;
  if (sw) {
    if (sw.length !== rows) throw new Error(`${sw.length} sample weights for ${rows} rows`);
    if (!sw.every((v) => v >= 0 && Number.isFinite(v))) throw new Error('Sample weights must be finite and ≥ 0');
    if (!sw.some((v) => v > 0)) throw new Error('At least one sample weight must be above 0');
  }
  return dims;
}

/** Per-feature mean and 1/std over the training rows (two passes, float64); throws on a non-finite feature. */
function featureScaling(x: Float32Array, rows: number, dims: number): { mean: Float32Array; invStd: Float32Array } {
  const sum = new Float64Array(dims);
  for (let i = 0; i < rows; i++) for (let d = 0, at = i * dims; d < dims; d++) sum[d]! += x[at + d]!;
  const mean = Float32Array.from(sum, (s) => s / rows);
  const squares = new Float64Array(dims);
  for (let i = 0; i < rows; i++) {
    for (let d = 0, at = i * dims; d < dims; d++) {
      const dev = x[at + d]! - mean[d]!;
      squares[d]! += dev * dev;
    }
  }
  const invStd = Float32Array.from(squares, (s) => 1 / Math.max(Math.sqrt(s / rows), STD_FLOOR));
  const bad = mean.findIndex((m, d) => !Number.isFinite(m) || !Number.isFinite(squares[d]!));
  if (bad >= 0) throw new Error(`Feature ${bad} has a value that is not a finite number`);
  return { mean, invStd };
}

/** The rows as the model sees them, computed once with the stored float32 mean and 1/std exactly as a prediction does. */
function standardizeRows(x: Float32Array, rows: number, dims: number, mean: Float32Array, invStd: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < rows; i++) for (let d = 0, at = i * dims; d < dims; d++) out[at + d] = (x[at + d]! - mean[d]!) * invStd[d]!;
  return out;
}
