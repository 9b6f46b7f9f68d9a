import { buildRoutingProblem } from '@stockgraph/oms/routing/buildRoutingProblem';
import { planRoute } from '@stockgraph/oms/routing/planRoute';
import { DEFAULT_ROUTING_CONFIG as C } from '@stockgraph/oms/routing/routingConfig';
import { readRoutingLpSolution, routingLp } from '@stockgraph/oms/routing/routingLp';
import { randomRoutingInstance } from '@stockgraph/oms/routing/testing/randomRoutingInstance';
(async () => {
  const highs = await require('highs')();
  for (const [dc, st] of [[0.3, 0.2], [0.15, 0.3], [0.05, 0.15]]) {
    let gaps: number[] = [], inexact = 0, worse = 0, times: number[] = [], splits = 0, evals: number[] = [], pools: number[] = [];
    for (let k = 0; k < 150; k++) {
      const req = randomRoutingInstance({ seed: 999 + k, lines: [1, 8], dcStockChance: dc, storeStockChance: st, pickupShare: 0.15 });
      const p = buildRoutingProblem(req, C);
      const t = process.hrtime.bigint();
      const plan = planRoute(req, C);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
      const sol = highs.solve(routingLp(p), { output_flag: false, mip_rel_gap: 0, mip_abs_gap: 1e-7 });
      const opt = readRoutingLpSolution(p, sol.Columns);
      const un = plan.unassigned.reduce((s, u) => s + u.quantity, 0);
      const late = plan.shipments.filter((s) => !s.meetsSla).reduce((s, sh) => s + sh.lines.reduce((a, l) => a + l.quantity, 0), 0);
      if (un !== opt.unassignedUnits || late !== opt.lateUnits) worse++;
      else if (opt.cost > 0) gaps.push((plan.totalCost - opt.cost) / opt.cost);
      if (!plan.search.exact) inexact++;
      if (plan.splitCount) splits++;
      evals.push(plan.search.evaluations); pools.push(plan.search.pool);
    }
    times.sort((a, b) => a - b); evals.sort((a,b)=>a-b);
    console.log({ dc, st, meanGap: gaps.reduce((a, b) => a + b, 0) / gaps.length, maxGap: Math.max(...gaps), inexact, worse, splits, p50: times[75], p99: times[148], max: times[149], evalsP99: evals[148], poolMax: Math.max(...pools) });
  }
})();
