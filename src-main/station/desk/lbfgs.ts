// Limited-memory BFGS for the desk head's smooth, convex fit. Deterministic by construction: no
// randomness, and every sum runs in one fixed order, so the same start and objective give the same
// bits. The line search is Armijo backtracking: on this kind of objective the quasi-Newton step of
// 1 is nearly always accepted, so a full More-Thuente search would cost evaluations and buy little.

/** Fills `grad` with the gradient at `x` and returns the value there. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations: number;
  /** Converged once no gradient component exceeds this in absolute value. */
  tolerance: number;
  /** Correction pairs kept; a handful captures the useful curvature at a fraction of the memory. */
  history?: number;
  /**
   * Writes P⁻¹·v to out, for a fixed symmetric positive definite P close to the Hessian. It becomes
   * the starting inverse-Hessian estimate, so the history only has to learn what P misses.
   */
  precondition?: (v: Float64Array, out: Float64Array) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  /** Why it stopped: the gradient within tolerance; no meaningful decrease left (a minimum as far as
   * float arithmetic can tell, or no step that lowers the value); or out of iterations while still
   * descending. */
  stopped: 'tolerance' | 'stalled' | 'iterations';
  /** At a minimum: stopped for any reason but running out of iterations. */
  converged: boolean;
}

const ARMIJO_C1 = 1e-4;
const MAX_BACKTRACKS = 30;
// A step whose relative decrease is at this level is floating-point noise: going on cannot help.
const STALL_RELATIVE_DECREASE = 1e-13;

/** The last `size` (s, y) pairs in a ring, where s = x_{k+1} − x_k and y = g_{k+1} − g_k. */
class CorrectionHistory {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly rho: Float64Array;
  private readonly alpha: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;

  constructor(
    size: number,
    dims: number,
    private readonly precondition: (v: Float64Array, out: Float64Array) => void,
  ) {
    this.s = Array.from({ length: size }, () => new Float64Array(dims));
    this.y = Array.from({ length: size }, () => new Float64Array(dims));
    this.rho = new Float64Array(size);
    this.alpha = new Float64Array(size);
    this.scratch = new Float64Array(dims);
  }

  get empty(): boolean {
    return this.count === 0;
  }

  clear(): void {
    this.count = 0;
    this.next = 0;
  }

  /** Keeps the pair only when it carries positive curvature; otherwise the inverse-Hessian estimate would stop being positive definite. */
  push(xNew: Float64Array, x: Float64Array, gNew: Float64Array, g: Float64Array): void {
    const s = this.s[this.next]!;
    const y = this.y[this.next]!;
    for (let i = 0; i < x.length; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (!(sy > 1e-10 * dot(y, y))) return;
    this.rho[this.next] = 1 / sy;
    this.next = (this.next + 1) % this.s.length;
    this.count = Math.min(this.count + 1, this.s.length);
  }

  /** The two-loop recursion: direction = −H·g, with H the implicit inverse-Hessian estimate. */
  direction(g: Float64Array, out: Float64Array): void {
    const m = this.s.length;
    for (let i = 0; i < g.length; i++) out[i] = -g[i]!;
    for (let j = 1; j <= this.count; j++) {
      const at = (this.next - j + m) % m;
      const a = this.rho[at]! * dot(this.s[at]!, out);
      this.alpha[at] = a;
      axpy(-a, this.y[at]!, out);
    }
    this.scratch.set(out);
    this.precondition(this.scratch, out);
    if (this.count > 0) {
      // Scales the first guess to the curvature last seen, so that a step of 1 is the right size.
      const last = (this.next - 1 + m) % m;
      const y = this.y[last]!;
      this.precondition(y, this.scratch);
      scale(out, 1 / (this.rho[last]! * dot(y, this.scratch)));
    }
    for (let j = this.count; j >= 1; j--) {
      const at = (this.next - j + m) % m;
      const b = this.rho[at]! * dot(this.y[at]!, out);
      axpy(this.alpha[at]! - b, this.s[at]!, out);
    }
  }
}

export function minimizeLbfgs(f: Objective, start: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  const direction = new Float64Array(n);
  const history = new CorrectionHistory(opts.history ?? 7, n, opts.precondition ?? ((v, out) => out.set(v)));
  let value = f(x, g);
  let iterations = 0;
  let stopped: LbfgsResult['stopped'];
  for (;;) {
    if (maxAbs(g) <= opts.tolerance) {
      stopped = 'tolerance';
      break;
    }
    if (iterations >= opts.maxIterations) {
      stopped = 'iterations';
      break;
    }
    history.direction(g, direction);
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (the curvature pairs went stale): start over from −P⁻¹·g.
      history.clear();
      history.direction(g, direction);
      slope = dot(g, direction);
    }
    // Without curvature pairs or a preconditioner, nothing gives the direction a scale: a unit step
    // could be any length, so the first trial is a step of length 1 instead.
    const firstStep = history.empty && !opts.precondition ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    const newValue = backtrack(f, x, value, direction, slope, firstStep, xNew, gNew);
    if (newValue === null) {
      stopped = 'stalled';
      break;
    }
    iterations++;
    history.push(xNew, x, gNew, g);
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    const decrease = value - newValue;
    value = newValue;
    if (decrease <= STALL_RELATIVE_DECREASE * Math.max(1, Math.abs(value))) {
      stopped = 'stalled';
      break;
    }
  }
  return { x, value, iterations, stopped, converged: stopped !== 'iterations' };
}

/** Armijo backtracking with a safeguarded quadratic fit; fills xNew and gNew, or returns null when no step decreases f. */
function backtrack(
  f: Objective,
  x: Float64Array,
  value: number,
  direction: Float64Array,
  slope: number,
  firstStep: number,
  xNew: Float64Array,
  gNew: Float64Array,
): number | null {
  let step = firstStep;
  for (let tries = 0; tries < MAX_BACKTRACKS; tries++) {
    for (let i = 0; i < x.length; i++) xNew[i] = x[i]! + step * direction[i]!;
    const trial = f(xNew, gNew);
    if (trial <= value + ARMIJO_C1 * step * slope) return trial;
    // The minimum of the parabola through f(0), f'(0) and f(step), kept within [0.1, 0.5]·step so a
    // poor fit (or an overflowing trial) can neither stall the search nor barely move it.
    const fitted = Number.isFinite(trial) ? (-slope * step * step) / (2 * (trial - value - slope * step)) : 0;
    step = Math.min(0.5 * step, Math.max(0.1 * step, fitted));
  }
  return null;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
}

function scale(x: Float64Array, a: number): void {
  for (let i = 0; i < x.length; i++) x[i]! *= a;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}
