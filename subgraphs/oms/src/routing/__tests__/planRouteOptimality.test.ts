// The planner's answer against independent references: brute force on tiny problems, the MIP on
// full-size random networks.
import { buildRoutingProblem } from '../buildRoutingProblem';
import { planRoute } from '../planRoute';
import { DEFAULT_ROUTING_CONFIG } from '../routingConfig';
import { readRoutingLpSolution, routingLp } from '../routingLp';
import { searchPlan } from '../searchPlan';
import { randomRoutingInstance } from '../testing/randomRoutingInstance';
import { bruteForceOptimum } from './bruteForce';
import { tinyInstance } from './tinyInstances';

describe('planner optimality', () => {
  it.each(Array.from({ length: 60 }, (_, k) => k + 1))('tiny instance %i: the search finds the brute-force optimum', (seed) => {
    const { problem, config } = tinyInstance(seed);
    const outcome = searchPlan(problem, config.search);
    expect(outcome.stats.exact).toBe(true);
    expect(outcome.best.objective).toBeCloseTo(bruteForceOptimum(problem).objective, 6);
  });

  it('matches the MIP optimum on random 200-location networks, deterministically', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const highs = await require('highs')();
    for (let seed = 1; seed <= 6; seed++) {
      const request = randomRoutingInstance({ seed, lines: [1, 8], dcStockChance: 0.3, storeStockChance: 0.2, pickupShare: 0.2, channel: seed % 3 === 0 ? 'WHOLESALE' : 'DTC' });
      const problem = buildRoutingProblem(request, DEFAULT_ROUTING_CONFIG);
      const outcome = searchPlan(problem, DEFAULT_ROUTING_CONFIG.search);
      const mip = readRoutingLpSolution(problem, highs.solve(routingLp(problem), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-7 }).Columns);
      expect(outcome.best.objective).toBeCloseTo(mip.objective, 4);
      expect(planRoute(request)).toEqual(planRoute(request));
    }
  });
});
