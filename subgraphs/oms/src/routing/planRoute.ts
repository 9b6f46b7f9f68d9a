// Entry point for routeOrder: which locations ship which units, at the least total cost.
import { buildRoutingProblem } from './buildRoutingProblem';
import { explainPlan } from './explainPlan';
import { DEFAULT_ROUTING_CONFIG, type RoutingConfig } from './routingConfig';
import type { RoutingPlan, RoutingRequest } from './routingTypes';
import { searchPlan } from './searchPlan';

export function planRoute(request: RoutingRequest, config: RoutingConfig = DEFAULT_ROUTING_CONFIG): RoutingPlan {
  const problem = buildRoutingProblem(request, config);
  const outcome = searchPlan(problem, config.search);
  return explainPlan(problem, outcome.best, outcome);
}
