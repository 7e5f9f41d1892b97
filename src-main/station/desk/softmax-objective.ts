// The objective a desk head fit minimises: the mean sample-weighted cross-entropy of a softmax
// regression plus weight decay, with its gradient, in the one fixed summation order that keeps fits
// bit-identical. The whole cost of a fit is here, hence the paired rows and blocks of four classes.

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
  for (; k < classes; k++) {
    const g0 = k * (dims + 1);
    const ra = z[k]!;
    const rb = z[classes + k]!;
    for (let d = 0; d < dims; d++) grad[g0 + d]! += ra * x[a + d]! + rb * x[b + d]!;
    grad[g0 + dims]! += ra + rb;
  }
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
export function softmaxInPlace(z: Float64Array, at: number, classes: number): number {
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
