// Test and benchmark helpers of the planning subgraph: never imported by production code.
export * from './engine/testing/syntheticDemand';
