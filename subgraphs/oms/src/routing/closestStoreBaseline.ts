// The naive router the planner is measured against: line by line, take units from the nearest
// location that has stock, then the next nearest, ignoring cost and shipment count.
import { buildRoutingProblem } from './buildRoutingProblem';
import { evaluationFromFlows } from './evaluateOpenSet';
import { explainPlan } from './explainPlan';
import { DEFAULT_ROUTING_CONFIG, type RoutingConfig } from './routingConfig';
import type { RoutingPlan, RoutingRequest } from './routingTypes';

export function closestStoreBaseline(request: RoutingRequest, config: RoutingConfig = DEFAULT_ROUTING_CONFIG): RoutingPlan {
  const problem = buildRoutingProblem(request, config);
  // Stock before backorder, then nearest first: the source rank already orders by distance.
  const order = [...problem.sources].sort((a, b) => Number(a.backorder) - Number(b.backorder) || a.rank - b.rank);
  const capLeft = problem.sources.map((s) => s.capacity);
  const flows = problem.sources.map(() => problem.lines.map(() => 0));
  problem.lines.forEach((line, i) => {
    let need = line.quantity;
    for (const s of order) {
      if (need === 0) break;
      const take = Math.min(need, s.avail[i], capLeft[s.index]);
      flows[s.index][i] += take; capLeft[s.index] -= take; need -= take;
    }
  });
  const plan = evaluationFromFlows(problem, problem.sources.map((s) => s.index), flows);
  return explainPlan(problem, plan, { bestFullCover: null, fullCoverCount: 0, stats: { sources: problem.sources.length, pool: 0, evaluations: 0, exact: false } });
}
