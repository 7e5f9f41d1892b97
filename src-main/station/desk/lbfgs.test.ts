import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs.ts';

// ½ Σ scale_i · (x_i − i)², with scales spread over two orders of magnitude.
const scales = Float64Array.from({ length: 20 }, (_, i) => 10 ** ((2 * i) / 19));
const illConditioned: Objective = (x, grad) => {
  let f = 0;
  for (let i = 0; i < x.length; i++) {
    const e = x[i]! - i;
    f += 0.5 * scales[i]! * e * e;
    grad[i] = scales[i]! * e;
  }
  return f;
};

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    const r = minimizeLbfgs(illConditioned, new Float64Array(20), { maxIterations: 200, tolerance: 1e-6 });
    expect(r.converged).toBe(true);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i, 5));
  });

  it('needs a single step when the preconditioner is the exact Hessian', () => {
    const r = minimizeLbfgs(illConditioned, new Float64Array(20), {
      maxIterations: 200,
      tolerance: 1e-8,
      precondition: (v, out) => v.forEach((g, i) => (out[i] = g / scales[i]!)),
    });
    expect(r).toMatchObject({ converged: true, iterations: 1 });
  });

  it('walks the Rosenbrock valley to (1, 1)', () => {
    const rosenbrock: Objective = ([a, b], grad) => {
      grad[0] = -2 * (1 - a!) - 400 * a! * (b! - a! * a!);
      grad[1] = 200 * (b! - a! * a!);
      return (1 - a!) ** 2 + 100 * (b! - a! * a!) ** 2;
    };
    const r = minimizeLbfgs(rosenbrock, Float64Array.from([-1.2, 1]), { maxIterations: 200, tolerance: 1e-7 });
    expect(r.iterations).toBeLessThan(60);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('stops at maxIterations, unconverged', () => {
    const r = minimizeLbfgs(illConditioned, new Float64Array(20), { maxIterations: 3, tolerance: 1e-12 });
    expect(r).toMatchObject({ converged: false, stopped: 'iterations', iterations: 3 });
  });

  it('counts a minimum that float arithmetic cannot improve as converged, though the tolerance is not met', () => {
    // A tolerance of 0 is never met; the search stops when no step lowers the value any more.
    const r = minimizeLbfgs(illConditioned, new Float64Array(20), { maxIterations: 500, tolerance: 0 });
    expect(r).toMatchObject({ converged: true, stopped: 'stalled' });
    expect(r.iterations).toBeLessThan(500);
    r.x.forEach((v, i) => expect(v).toBeCloseTo(i, 5));
  });
});
