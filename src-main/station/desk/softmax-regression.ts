// The desk head's math: multinomial logistic regression (softmax regression) with weight decay over
// photo embeddings, fitted by L-BFGS (preconditioned by the features' correlations), and its
// compact binary form for an SQLite BLOB.
// Deterministic: zero start, no randomness and one fixed summation order, so refitting the same
// review decisions gives bit-identical weights. Sums run in float64; only the result is float32.
import { minimizeLbfgs } from './lbfgs.ts';

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

/** What the objective sees: features already standardized, weights as given. */
export interface SoftmaxProblem {
  /** rows × dims, row-major */
  x: Float32Array;
  y: Int32Array;
  rows: number;
  dims: number;
  classes: number;
  sampleWeights: Float32Array;
  weightDecay: number;
}

const DEFAULT_MAX_ITERATIONS = 100;
const DEFAULT_TOLERANCE = 1e-4;
// Below any real feature's spread (embedding components vary by ~0.05, logits by units): a feature
// flatter than this is noise, and amplifying it by more than 1e4 would let it swamp a prediction.
const STD_FLOOR = 1e-4;

export function fitSoftmax(
  x: Float32Array,
  y: Int32Array,
  classes: number,
  opts: SoftmaxFitOptions,
): { model: SoftmaxModel; iterations: number; loss: number } {
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
  return { model: { classes, dims, mean, invStd, weights: Float32Array.from(fit.x) }, iterations: fit.iterations, loss: fit.value };
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

/** Each class's rows weigh n / (classes present · rows of that class), so every present class weighs the same in total. */
export function classBalancedWeights(y: Int32Array, classes: number): Float32Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const present = counts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
  return Float32Array.from(y, (label) => y.length / (present * counts[label]!));
}

/**
 * The mean (sample-weighted) cross-entropy plus weightDecay/2 · ‖W‖² at `w` (K × (D + 1), the last
 * column the bias, which is not decayed); fills `grad` with its gradient.
 */
export function softmaxLossAndGradient(problem: SoftmaxProblem, w: Float64Array, grad: Float64Array): number {
  const { x, y, rows, dims, classes, sampleWeights } = problem;
  let totalWeight = 0;
  for (let i = 0; i < rows; i++) totalWeight += sampleWeights[i]!;
  grad.fill(0);
  // Rows go through in pairs: each weight loaded serves two rows, which takes about a third off
  // this loop (it is nearly the whole cost of a fit). An odd last row pairs with itself at weight 0.
  const z = new Float64Array(2 * classes);
  let loss = 0;
  for (let i = 0; i < rows; i += 2) {
    const j = i + 1 < rows ? i + 1 : i;
    const jWeight = j === i ? 0 : sampleWeights[j]!;
    pairLogits(x, i * dims, j * dims, w, dims, classes, z);
    loss += residualsInPlace(z, 0, classes, y[i]!, sampleWeights[i]! / totalWeight);
    loss += residualsInPlace(z, classes, classes, y[j]!, jWeight / totalWeight);
    pairGradient(x, i * dims, j * dims, z, grad, dims, classes);
  }
  return loss + addWeightDecay(problem, w, grad);
}

function pairLogits(x: Float32Array, a: number, b: number, w: Float64Array, dims: number, classes: number, z: Float64Array): void {
  let k = 0;
  for (; k + 4 <= classes; k += 4) logitsBlock4(x, a, b, w, dims, k, classes, z);
  for (; k < classes; k++) logitsBlock1(x, a, b, w, dims, k, classes, z);
}

/** Logits of classes k…k+3 for rows a and b (offsets into x), into z[k…] and z[classes + k…]. */
function logitsBlock4(x: Float32Array, a: number, b: number, w: Float64Array, dims: number, k: number, classes: number, z: Float64Array) {
  const w0 = k * (dims + 1);
  const w1 = w0 + dims + 1;
  const w2 = w1 + dims + 1;
  const w3 = w2 + dims + 1;
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0;
  for (let d = 0; d < dims; d++) {
    const xa = x[a + d]!;
    const xb = x[b + d]!;
    const v0 = w[w0 + d]!;
    const v1 = w[w1 + d]!;
    const v2 = w[w2 + d]!;
    const v3 = w[w3 + d]!;
    a0 += xa * v0;
    a1 += xa * v1;
    a2 += xa * v2;
    a3 += xa * v3;
    b0 += xb * v0;
    b1 += xb * v1;
    b2 += xb * v2;
    b3 += xb * v3;
  }
  z[k] = a0 + w[w0 + dims]!;
  z[k + 1] = a1 + w[w1 + dims]!;
  z[k + 2] = a2 + w[w2 + dims]!;
  z[k + 3] = a3 + w[w3 + dims]!;
  z[classes + k] = b0 + w[w0 + dims]!;
  z[classes + k + 1] = b1 + w[w1 + dims]!;
  z[classes + k + 2] = b2 + w[w2 + dims]!;
  z[classes + k + 3] = b3 + w[w3 + dims]!;
}

function logitsBlock1(x: Float32Array, a: number, b: number, w: Float64Array, dims: number, k: number, classes: number, z: Float64Array) {
  const w0 = k * (dims + 1);
  let a0 = 0,
    b0 = 0;
  for (let d = 0; d < dims; d++) {
    const v = w[w0 + d]!;
    a0 += x[a + d]! * v;
    b0 += x[b + d]! * v;
  }
  z[k] = a0 + w[w0 + dims]!;
  z[classes + k] = b0 + w[w0 + dims]!;
}

/** Adds rows a and b's share of the gradient, given their residuals in z (as residualsInPlace leaves them). */
function pairGradient(x: Float32Array, a: number, b: number, z: Float64Array, grad: Float64Array, dims: number, classes: number): void {
  let k = 0;
  for (; k + 4 <= classes; k += 4) gradientBlock4(x, a, b, z, grad, dims, k, classes);
  for (; k < classes; k++) gradientBlock1(x, a, b, z, grad, dims, k, classes);
}

function gradientBlock4(
  x: Float32Array,
  a: number,
  b: number,
  z: Float64Array,
  grad: Float64Array,
  dims: number,
  k: number,
  classes: number,
) {
  const g0 = k * (dims + 1);
  const g1 = g0 + dims + 1;
  const g2 = g1 + dims + 1;
  const g3 = g2 + dims + 1;
  const ra0 = z[k]!;
  const ra1 = z[k + 1]!;
  const ra2 = z[k + 2]!;
  const ra3 = z[k + 3]!;
  const rb0 = z[classes + k]!;
  const rb1 = z[classes + k + 1]!;
  const rb2 = z[classes + k + 2]!;
  const rb3 = z[classes + k + 3]!;
  for (let d = 0; d < dims; d++) {
    const xa = x[a + d]!;
    const xb = x[b + d]!;
    grad[g0 + d]! += ra0 * xa + rb0 * xb;
    grad[g1 + d]! += ra1 * xa + rb1 * xb;
    grad[g2 + d]! += ra2 * xa + rb2 * xb;
    grad[g3 + d]! += ra3 * xa + rb3 * xb;
  }
  grad[g0 + dims]! += ra0 + rb0;
  grad[g1 + dims]! += ra1 + rb1;
  grad[g2 + dims]! += ra2 + rb2;
  grad[g3 + dims]! += ra3 + rb3;
}

function gradientBlock1(
  x: Float32Array,
  a: number,
  b: number,
  z: Float64Array,
  grad: Float64Array,
  dims: number,
  k: number,
  classes: number,
) {
  const g0 = k * (dims + 1);
  const ra = z[k]!;
  const rb = z[classes + k]!;
  for (let d = 0; d < dims; d++) grad[g0 + d]! += ra * x[a + d]! + rb * x[b + d]!;
  grad[g0 + dims]! += ra + rb;
}

/**
 * Turns the logits z[at…at+classes) into weight · (p − onehot(label)), the row's residuals, and
 * returns its weighted loss weight · −log p(label).
 */
function residualsInPlace(z: Float64Array, at: number, classes: number, label: number, weight: number): number {
  const labelLogit = z[at + label]!;
  const logSumExp = softmaxInPlace(z, at, classes);
  for (let k = 0; k < classes; k++) z[at + k]! *= weight;
  z[at + label]! -= weight;
  return weight * (logSumExp - labelLogit);
}

/** Replaces logits with probabilities; returns log Σ exp(logit). The max is taken out first so that exp cannot overflow. */
function softmaxInPlace(z: Float64Array, at: number, classes: number): number {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) max = Math.max(max, z[at + k]!);
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += z[at + k] = Math.exp(z[at + k]! - max);
  for (let k = 0; k < classes; k++) z[at + k]! /= sum;
  return max + Math.log(sum);
}

/** Adds weightDecay · W to the gradient (bias column left alone); returns weightDecay/2 · ‖W‖². */
function addWeightDecay(problem: SoftmaxProblem, w: Float64Array, grad: Float64Array): number {
  const { dims, classes, weightDecay } = problem;
  let squares = 0;
  for (let k = 0; k < classes; k++) {
    for (let at = k * (dims + 1), end = at + dims; at < end; at++) {
      squares += w[at]! * w[at]!;
      grad[at]! += weightDecay * w[at]!;
    }
  }
  return 0.5 * weightDecay * squares;
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

// Embedding components are strongly correlated, which leaves plain L-BFGS crawling along the
// narrow valleys this makes (over 70 iterations, often the full 100, on embedding-like data). Their
// correlation matrix C, taken once from a strided sample of rows, undoes most of that (about 10
// iterations there): at the zero start the loss's Hessian is (C + K·weightDecay·I) ⊗ (I/K − 11ᵀ/K²),
// and the preconditioner is its feature half. 4096 rows estimate C well enough for that (fewer
// cost iterations, more cost more than they save); the fit itself still uses every row.
const PRECONDITIONER_ROWS = 4096;
// Keeps C + ridge·I safely positive definite without weight decay (C's diagonal is about 1, or 0
// for a constant feature), and small enough not to matter beside real correlations.
const PRECONDITIONER_RIDGE_FLOOR = 1e-4;

/** v ↦ (C + ridge·I)⁻¹ on each class's weights, identity on the biases (whose feature, 1, is uncorrelated with the centred ones). */
function featurePreconditioner(problem: SoftmaxProblem): (v: Float64Array, out: Float64Array) => void {
  const { dims, classes } = problem;
  const c = sampleCorrelation(problem);
  const ridge = Math.max(classes * problem.weightDecay, PRECONDITIONER_RIDGE_FLOOR);
  for (let d = 0; d < dims; d++) c[d * dims + d]! += ridge;
  choleskyInPlace(c, dims, ridge);
  return (v, out) => {
    out.set(v);
    for (let k = 0; k < classes; k++) choleskySolve(c, dims, out.subarray(k * (dims + 1), k * (dims + 1) + dims));
  };
}

/** XᵀX / m over m strided rows, D × D, float64. */
function sampleCorrelation(problem: SoftmaxProblem): Float64Array {
  const { x, rows, dims } = problem;
  const m = Math.min(rows, PRECONDITIONER_ROWS);
  // Padded with zero rows to a multiple of 4 so the accumulation below needs no remainder loop.
  const sample = new Float32Array(Math.ceil(m / 4) * 4 * dims);
  for (let j = 0; j < m; j++) {
    const i = Math.floor((j * rows) / m);
    sample.set(x.subarray(i * dims, (i + 1) * dims), j * dims);
  }
  const c = new Float64Array(dims * dims);
  for (let at = 0; at < sample.length; at += 4 * dims) addFourOuterProducts(sample, at, dims, c);
  for (let a = 0; a < dims; a++) {
    for (let b = a; b < dims; b++) {
      const v = c[a * dims + b]! / m;
      c[a * dims + b] = v;
      c[b * dims + a] = v;
    }
  }
  return c;
}

/** Adds the outer products of four consecutive rows to the upper triangle of c; four at a time so each store serves four. */
function addFourOuterProducts(x: Float32Array, at: number, dims: number, c: Float64Array): void {
  const r1 = at + dims;
  const r2 = r1 + dims;
  const r3 = r2 + dims;
  for (let a = 0; a < dims; a++) {
    const x0 = x[at + a]!;
    const x1 = x[r1 + a]!;
    const x2 = x[r2 + a]!;
    const x3 = x[r3 + a]!;
    for (let b = a, ca = a * dims; b < dims; b++) c[ca + b]! += x0 * x[at + b]! + x1 * x[r1 + b]! + x2 * x[r2 + b]! + x3 * x[r3 + b]!;
  }
}

/**
 * Factors the symmetric positive definite a = L·Lᵀ in place: L in the lower triangle, Lᵀ mirrored
 * into the upper one so that both solves read rows. A pivot that rounding pushes below minPivot is
 * raised to it: a slightly different preconditioner, instead of a NaN one.
 */
function choleskyInPlace(a: Float64Array, n: number, minPivot: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = i === j ? Math.sqrt(Math.max(s, minPivot)) : s / a[j * n + j]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) a[i * n + j] = a[j * n + i]!;
}

/** Solves L·Lᵀ·u = v in place, with a as choleskyInPlace leaves it. */
function choleskySolve(a: Float64Array, n: number, v: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = v[i]!;
    for (let k = 0; k < i; k++) s -= a[i * n + k]! * v[k]!;
    v[i] = s / a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = v[i]!;
    for (let k = i + 1; k < n; k++) s -= a[i * n + k]! * v[k]!;
    v[i] = s / a[i * n + i]!;
  }
}

// The BLOB: "RSDH", then little-endian u32 version, classes, dims; then float32 mean (D),
// 1/std (D) and weights (K × (D + 1)). Versioned so that a later layout can still read (or
// refuse clearly) a head stored by an older build.
const MAGIC = 'RSDH';
const FORMAT_VERSION = 1;
const HEADER_BYTES = 16;

const blobBytes = (classes: number, dims: number) => HEADER_BYTES + 4 * (2 * dims + classes * (dims + 1));

export function encodeSoftmax(model: SoftmaxModel): Buffer {
  const { classes, dims } = model;
  const out = Buffer.alloc(blobBytes(classes, dims));
  out.write(MAGIC, 0, 'latin1');
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(4, FORMAT_VERSION, true);
  view.setUint32(8, classes, true);
  view.setUint32(12, dims, true);
  let at = HEADER_BYTES;
  for (const part of [model.mean, model.invStd, model.weights]) {
    for (let i = 0; i < part.length; i++, at += 4) view.setFloat32(at, part[i]!, true);
  }
  return out;
}

export function decodeSoftmax(bytes: Uint8Array): SoftmaxModel {
  if (bytes.length < HEADER_BYTES)
    throw new Error(`Desk head blob too short: ${bytes.length} bytes, less than its ${HEADER_BYTES}-byte header`);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (magic !== MAGIC) throw new Error(`Not a desk head blob: it starts with ${JSON.stringify(magic)}, not "${MAGIC}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION)
    throw new Error(`Desk head blob version ${version} is not supported (this build reads version ${FORMAT_VERSION})`);
  const classes = view.getUint32(8, true);
  const dims = view.getUint32(12, true);
  if (classes < 1 || dims < 1) throw new Error(`Desk head blob is damaged: ${classes} classes × ${dims} features`);
  const expected = blobBytes(classes, dims);
  if (bytes.length !== expected)
    throw new Error(
      `Desk head blob is ${bytes.length} bytes; ${classes} classes × ${dims} features take exactly ${expected} (truncated or damaged)`,
    );
  let at = HEADER_BYTES;
  const read = (length: number) => {
    const part = new Float32Array(length);
    for (let i = 0; i < length; i++, at += 4) part[i] = view.getFloat32(at, true);
    return part;
  };
  return { classes, dims, mean: read(dims), invStd: read(dims), weights: read(classes * (dims + 1)) };
}
