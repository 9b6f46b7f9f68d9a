import type { Channel } from '@stockgraph/shared';
import { buildRoutingProblem } from '@stockgraph/oms/routing/buildRoutingProblem';
import { searchPlan } from '@stockgraph/oms/routing/searchPlan';
import { DEFAULT_ROUTING_CONFIG as config } from '@stockgraph/oms/routing/routingConfig';
import { readRoutingLpSolution, routingLp } from '@stockgraph/oms/routing/routingLp';
import { mulberry32, randomRoutingInstance } from '@stockgraph/oms/routing/testing/randomRoutingInstance';
(async () => {
  const highs = await require('highs')();
  const seed = 1; const pick = mulberry32(seed);
  for (let k = 0; k < 300; k++) {
    const r = pick();
    const channel: Channel = r < 0.7 ? 'DTC' : r < 0.8 ? 'MARKETPLACE' : r < 0.9 ? 'WHOLESALE' : 'RETAIL';
    const dcStockChance = 0.1 + 0.7 * pick(); const storeStockChance = 0.1 + 0.3 * pick();
    const req = randomRoutingInstance({ seed: seed * 100003 + k, locations: 200, lines: [1, 8], channel, dcStockChance, storeStockChance, pickupShare: channel === 'DTC' || channel === 'RETAIL' ? 0.15 : 0 });
    const problem = buildRoutingProblem(req, config);
    if (!problem.lines.length) continue;
    const ours = searchPlan(problem, config.search).best;
    for (const opts of [{ mip_rel_gap: 0, mip_abs_gap: 1e-7 }, { mip_rel_gap: 0, mip_abs_gap: 1e-9, mip_feasibility_tolerance: 1e-9, primal_feasibility_tolerance: 1e-9, dual_feasibility_tolerance: 1e-9 }]) {
      const sol = highs.solve(routingLp(problem), { output_flag: false, ...opts });
      const opt = readRoutingLpSolution(problem, sol.Columns);
      if (ours.objective < opt.objective - 1e-6 * Math.max(1, opt.objective)) console.log(k, channel, 'ours', ours.objective, 'mip', opt.objective, sol.ObjectiveValue, sol.Status, opt, 'ours used', ours.used.length, ours.unassigned);
    }
  }
})();
