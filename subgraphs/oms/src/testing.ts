// Test and benchmark helpers of the OMS subgraph: never imported by production code.
export { randomRoutingInstance, mulberry32, type RandomInstanceOptions } from './routing/testing/randomRoutingInstance';
