import { describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '../synthetic/seeded-random.ts';
import { decodeSoftmax, encodeSoftmax } from './softmax-blob.ts';
import { softmaxLossAndGradient, type SoftmaxProblem } from './softmax-objective.ts';
import { balancedWeights, CLASS_BALANCE_POWER, fitSoftmax, predictProbabilities, type SoftmaxModel } from './softmax-regression.ts';

const gaussian = (r: SeededRandom) => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());

/** perClass points around each of `classes` fixed centres (the same centres for the same seed), class after class. */
function clusters(opts: { seed: number; pointsSeed?: number; classes: number; dims: number; perClass: number; spread: number }) {
  const c = seededRandom(opts.seed);
  const centres = Array.from({ length: opts.classes }, () => Array.from({ length: opts.dims }, () => 4 * gaussian(c)));
  const r = seededRandom(opts.pointsSeed ?? opts.seed + 1);
  const rows = opts.classes * opts.perClass;
  const x = new Float32Array(rows * opts.dims);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = Math.floor(i / opts.perClass);
    for (let d = 0; d < opts.dims; d++) x[i * opts.dims + d] = centres[y[i]!]![d]! + opts.spread * gaussian(r);
  }
  return { x, y, dims: opts.dims };
}

const rowOf = (x: Float32Array, dims: number, i: number) => x.subarray(i * dims, (i + 1) * dims);
const argmax = (p: Float32Array) => p.reduce((best, v, k) => (v > p[best]! ? k : best), 0);

function accuracy(model: SoftmaxModel, data: { x: Float32Array; y: Int32Array; dims: number }): number {
  let right = 0;
  for (let i = 0; i < data.y.length; i++) if (argmax(predictProbabilities(model, rowOf(data.x, data.dims, i))) === data.y[i]) right++;
  return right / data.y.length;
}

/** ‖W‖ without the bias column. */
function weightNorm(model: SoftmaxModel): number {
  let s = 0;
  model.weights.forEach((w, at) => {
    if (at % (model.dims + 1) !== model.dims) s += w * w;
  });
  return Math.sqrt(s);
}

const meanTopProbability = (model: SoftmaxModel, data: { x: Float32Array; y: Int32Array; dims: number }) => {
  let s = 0;
  for (let i = 0; i < data.y.length; i++) s += Math.max(...predictProbabilities(model, rowOf(data.x, data.dims, i)));
  return s / data.y.length;
};

describe('fitSoftmax', () => {
  const train = clusters({ seed: 1, classes: 5, dims: 12, perClass: 60, spread: 1.5 });

  it('fits separable clusters and classifies held-out points of the same clusters', () => {
    const { model, iterations, loss } = fitSoftmax(train.x, train.y, 5, { weightDecay: 1e-3 });
    expect(accuracy(model, train)).toBeGreaterThanOrEqual(0.99);
    const heldOut = clusters({ seed: 1, pointsSeed: 99, classes: 5, dims: 12, perClass: 40, spread: 1.5 });
    expect(accuracy(model, heldOut)).toBeGreaterThanOrEqual(0.98);
    expect(iterations).toBeGreaterThan(0);
    expect(loss).toBeLessThan(Math.log(5) / 4);
    const p = predictProbabilities(model, rowOf(heldOut.x, 12, 0));
    expect(p).toHaveLength(5);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('gives bit-identical weights for the same data', () => {
    const a = fitSoftmax(train.x, train.y, 5, { weightDecay: 1e-3 });
    const b = fitSoftmax(train.x, train.y, 5, { weightDecay: 1e-3 });
    expect(Buffer.from(b.model.weights.buffer)).toEqual(Buffer.from(a.model.weights.buffer));
    expect(encodeSoftmax(b.model)).toEqual(encodeSoftmax(a.model));
    expect(b.iterations).toBe(a.iterations);
  });

  it('shrinks the weights and the confidence under a stronger weight decay', () => {
    const weak = fitSoftmax(train.x, train.y, 5, { weightDecay: 1e-4 }).model;
    const strong = fitSoftmax(train.x, train.y, 5, { weightDecay: 0.3 }).model;
    expect(weightNorm(strong)).toBeLessThan(0.5 * weightNorm(weak));
    expect(meanTopProbability(strong, train)).toBeLessThan(meanTopProbability(weak, train) - 0.1);
    expect(accuracy(strong, train)).toBeGreaterThanOrEqual(0.95); // still the right side, just less sure
  });

  it('keeps a class without rows finite and unlikely', () => {
    const three = clusters({ seed: 4, classes: 3, dims: 6, perClass: 30, spread: 1 });
    const { model, loss } = fitSoftmax(three.x, three.y, 4, { weightDecay: 1e-3 });
    expect(Number.isFinite(loss)).toBe(true);
    expect(model.weights.every(Number.isFinite)).toBe(true);
    for (let i = 0; i < three.y.length; i++) {
      const p = predictProbabilities(model, rowOf(three.x, 6, i));
      expect(p.every(Number.isFinite)).toBe(true);
      expect(p[3]).toBeLessThan(0.01);
    }
  });

  it('lets a heavily weighted class win a tie', () => {
    // The same points twice, once as class 0 and once as class 1: without weights, a coin toss.
    const base = clusters({ seed: 5, classes: 1, dims: 4, perClass: 20, spread: 1 });
    const x = new Float32Array([...base.x, ...base.x]);
    const y = Int32Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
    const tiedRow = rowOf(base.x, 4, 3);
    const even = predictProbabilities(fitSoftmax(x, y, 2, { weightDecay: 1e-3 }).model, tiedRow);
    expect(even[0]).toBeCloseTo(0.5, 3);
    const heavy = Float32Array.from(y, (label) => (label === 1 ? 5 : 1));
    const weighted = predictProbabilities(fitSoftmax(x, y, 2, { weightDecay: 1e-3, sampleWeights: heavy }).model, tiedRow);
    expect(weighted[1]).toBeCloseTo(5 / 6, 2);
  });

  it('refuses data it cannot fit', () => {
    const x = new Float32Array(6);
    expect(() => fitSoftmax(x, Int32Array.from([0, 2]), 2, { weightDecay: 0 })).toThrow('Row 1 has label 2, outside 0…1');
    expect(() => fitSoftmax(new Float32Array(5), Int32Array.from([0, 1]), 2, { weightDecay: 0 })).toThrow('do not split into 2 rows');
    expect(() => fitSoftmax(x, Int32Array.from([0, 1]), 2, { weightDecay: -1 })).toThrow('weightDecay must be ≥ 0');
    expect(() => fitSoftmax(x, Int32Array.from([0, 1]), 2, { weightDecay: 0, sampleWeights: new Float32Array(2) })).toThrow(
      'At least one sample weight',
    );
    expect(() => fitSoftmax(Float32Array.from([0, 1, NaN, 0, 1, 2]), Int32Array.from([0, 1]), 2, { weightDecay: 0 })).toThrow(
      'Feature 2 has a value that is not a finite number',
    );
  });

  it('ignores a constant feature, wherever a prediction puts it', () => {
    const data = clusters({ seed: 6, classes: 2, dims: 3, perClass: 20, spread: 1 });
    for (let i = 0; i < 40; i++) data.x[i * 3 + 1] = 7;
    const { model } = fitSoftmax(data.x, data.y, 2, { weightDecay: 1e-3 });
    const row = Float32Array.from(rowOf(data.x, 3, 0));
    const p = predictProbabilities(model, row);
    row[1] = 1e6;
    expect(predictProbabilities(model, row)).toEqual(p);
  });
});

describe('softmaxLossAndGradient', () => {
  // Odd rows (the last pairs with itself) and 6 classes (one block of four, two left over): every
  // path of the blocked loops.
  const r = seededRandom(11);
  const rows = 7;
  const dims = 5;
  const classes = 6;
  const problem: SoftmaxProblem = {
    x: Float32Array.from({ length: rows * dims }, () => gaussian(r)),
    y: Int32Array.from({ length: rows }, () => r.int(0, classes - 1)),
    rows,
    dims,
    classes,
    sampleWeights: Float32Array.from({ length: rows }, () => r.between(0.2, 3)),
    weightDecay: 0.3,
  };
  const w = Float64Array.from({ length: classes * (dims + 1) }, () => gaussian(r));

  it('is the weighted mean cross-entropy plus weightDecay/2 · ‖W‖²', () => {
    let total = 0;
    let weightSum = 0;
    for (let i = 0; i < rows; i++) {
      const logits = Array.from({ length: classes }, (_, k) => {
        let s = w[k * (dims + 1) + dims]!;
        for (let d = 0; d < dims; d++) s += w[k * (dims + 1) + d]! * problem.x[i * dims + d]!;
        return s;
      });
      const logSumExp = Math.log(logits.reduce((s, z) => s + Math.exp(z), 0));
      total += problem.sampleWeights[i]! * (logSumExp - logits[problem.y[i]!]!);
      weightSum += problem.sampleWeights[i]!;
    }
    let squares = 0;
    w.forEach((v, at) => {
      if (at % (dims + 1) !== dims) squares += v * v;
    });
    expect(softmaxLossAndGradient(problem, w, new Float64Array(w.length))).toBeCloseTo(total / weightSum + 0.15 * squares, 12);
  });

  it('has the gradient that finite differences give', () => {
    const grad = new Float64Array(w.length);
    softmaxLossAndGradient(problem, w, grad);
    const scratch = new Float64Array(w.length);
    const h = 1e-5;
    for (let at = 0; at < w.length; at++) {
      const moved = Float64Array.from(w);
      moved[at] = w[at]! + h;
      const up = softmaxLossAndGradient(problem, moved, scratch);
      moved[at] = w[at]! - h;
      const down = softmaxLossAndGradient(problem, moved, scratch);
      expect(Math.abs(grad[at]! - (up - down) / (2 * h))).toBeLessThan(1e-8);
    }
  });

  it('stays finite for huge logits', () => {
    const loud = w.map((v) => v * 1e4);
    const grad = new Float64Array(w.length);
    expect(Number.isFinite(softmaxLossAndGradient(problem, loud, grad))).toBe(true);
    expect(grad.every(Number.isFinite)).toBe(true);
  });
});

describe('balancedWeights', () => {
  const y = Int32Array.from([0, 0, 0, 0, 2, 2, 3]);
  const total = (w: Float32Array, label: number) => [...w].filter((_, i) => y[i] === label).reduce((a, b) => a + b, 0);

  it('weighs a row by 1/√(rows of its class) at power ½, n in all: a class total grows as √rows', () => {
    const w = balancedWeights(y, 5, 0.5);
    // Σ 1/√count over the rows: 4·½ + 2·1/√2 + 1 = 3 + √2.
    const unit = 7 / (3 + Math.SQRT2);
    expect([...w]).toEqual([unit / 2, unit / 2, unit / 2, unit / 2, unit / Math.SQRT2, unit / Math.SQRT2, unit].map(Math.fround));
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 5);
    expect(total(w, 0) / total(w, 3)).toBeCloseTo(2, 5); // 4 rows against 1: twice the say, not four times, not the same
  });

  it('at the default power, a class of 4 rows has 4^¼ times the say of a class of 1', () => {
    const w = balancedWeights(y, 5);
    expect(CLASS_BALANCE_POWER).toBe(0.75);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 5);
    expect(total(w, 0) / total(w, 3)).toBeCloseTo(Math.SQRT2, 5);
    expect(balancedWeights(y, 5, 0).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true); // power 0: no balancing
  });
});

describe('encodeSoftmax / decodeSoftmax', () => {
  const data = clusters({ seed: 8, classes: 3, dims: 5, perClass: 10, spread: 1 });
  const { model } = fitSoftmax(data.x, data.y, 3, { weightDecay: 1e-2 });
  const blob = encodeSoftmax(model);

  it('round-trips exactly, also from a view into a larger buffer', () => {
    expect(blob.length).toBe(16 + 4 * (2 * 5 + 3 * 6));
    expect(decodeSoftmax(blob)).toEqual(model);
    const padded = new Uint8Array(blob.length + 3);
    padded.set(blob, 3);
    const decoded = decodeSoftmax(padded.subarray(3));
    expect(decoded).toEqual(model);
    expect(encodeSoftmax(decoded)).toEqual(blob);
  });

  it('rejects a truncated, a foreign or a newer blob with a clear message', () => {
    expect(() => decodeSoftmax(blob.subarray(0, blob.length - 1))).toThrow(
      `Desk head blob is ${blob.length - 1} bytes; 3 classes × 5 features take exactly ${blob.length} (truncated or damaged)`,
    );
    expect(() => decodeSoftmax(blob.subarray(0, 10))).toThrow('Desk head blob too short: 10 bytes, less than its 16-byte header');
    const foreign = Buffer.from(blob);
    foreign.write('PNG!', 0, 'latin1');
    expect(() => decodeSoftmax(foreign)).toThrow('Not a desk head blob: it starts with "PNG!", not "RSDH"');
    const newer = Buffer.from(blob);
    newer.writeUInt32LE(2, 4);
    expect(() => decodeSoftmax(newer)).toThrow('Desk head blob version 2 is not supported (this build reads version 1)');
  });

  it('refuses a row of the wrong length', () => {
    expect(() => predictProbabilities(model, new Float32Array(4))).toThrow('The desk head takes 5 features, not 4');
  });
});
