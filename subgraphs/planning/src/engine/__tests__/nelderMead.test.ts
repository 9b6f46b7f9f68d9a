import { nelderMead } from '../nelderMead';

describe('bounded Nelder-Mead', () => {
  it('finds the minimum of the Rosenbrock valley inside the box', () => {
    const f = (v: Float64Array) => (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2;
    const r = nelderMead(f, [-1.2, 1], { lower: [-2, -2], upper: [2, 2], maxEvaluations: 2000, tolerance: 1e-14, step: 0.2 });
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('stops on a bound when the unconstrained minimum lies outside', () => {
    const f = (v: Float64Array) => (v[0] - 3) ** 2 + (v[1] + 0.5) ** 2;
    const r = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 1], maxEvaluations: 500, tolerance: 1e-12 });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(0, 6);
    expect(r.evaluations).toBeLessThanOrEqual(500);
  });
});
