// The OMS subgraph's public face: the client that speaks the OMS's wire format, the app that serves
// the subgraph, and the order-routing planner (pure functions, used by the benchmarks too).
export * from './legacy/OmsClient';
export { createOmsApp, type OmsApp, type OmsAppOptions } from './app';
export { omsKeyOf } from './orders/RouteService';
export { loadOmsConfig, type OmsConfig } from './config';
export * from './routing';
