// The fit's preconditioner: the features' correlation matrix, taken once, so that L-BFGS does not
// crawl along the narrow valleys correlated embedding components make.
import type { SoftmaxProblem } from './softmax-objective.ts';

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
export function featurePreconditioner(problem: SoftmaxProblem): (v: Float64Array, out: Float64Array) => void {
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
