// The MIP yardstick the quality benchmark trusts must agree with brute force.
import { readRoutingLpSolution, routingLp } from '../routingLp';
import { bruteForceOptimum } from './bruteForce';
import { tinyInstance } from './tinyInstances';

type Highs = { solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal: number }> } };
let highs: Highs;

beforeAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  highs = await require('highs')();
});

describe('routingLp', () => {
  it.each(Array.from({ length: 40 }, (_, k) => k + 1))('tiny instance %i: the MIP optimum equals brute force', (seed) => {
    const { problem } = tinyInstance(seed);
    const expected = bruteForceOptimum(problem);
    const solution = highs.solve(routingLp(problem), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-9 });
    expect(solution.Status).toBe('Optimal');
    const read = readRoutingLpSolution(problem, solution.Columns);
    expect(solution.ObjectiveValue).toBeCloseTo(expected.objective, 5);
    expect(read.objective).toBeCloseTo(expected.objective, 5);
    expect(read.cost).toBeCloseTo(expected.cost, 5);
  });

  it('writes a capacity row only for sources whose capacity binds', () => {
    const seeds = Array.from({ length: 60 }, (_, k) => tinyInstance(k + 100).problem);
    const binding = seeds.find((p) => p.sources.some((s) => s.capacityBinds));
    expect(binding).toBeDefined();
    const lp = routingLp(binding!);
    for (const s of binding!.sources) expect(lp.includes(` c${s.index}:`)).toBe(s.capacityBinds);
  });
});
