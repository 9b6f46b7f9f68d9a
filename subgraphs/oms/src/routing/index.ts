// Order-routing planner for routeOrder: pure functions, no I/O.
export { planRoute } from './planRoute';
export { closestStoreBaseline } from './closestStoreBaseline';
export { buildRoutingProblem } from './buildRoutingProblem';
export { DEFAULT_ROUTING_CONFIG, RoutingConfigSchema, parseRoutingConfig, type RoutingConfig, type DeepPartial } from './routingConfig';
export { shipmentFixedCost, unitHandlingCost, shipmentCost, planCost } from './costModel';
export { promiseHours, transitHours, promisedBy } from './deliveryPromise';
export { routingLp, readRoutingLpSolution, type LpPlanSummary } from './routingLp';
export type { RoutingProblem, RoutingSource } from './routingProblem';
export type * from './routingTypes';
