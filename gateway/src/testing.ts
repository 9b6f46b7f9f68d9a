// Test helpers of the gateway: never imported by production code.
export { startFixtureSubgraph, type FixtureSubgraph } from './__tests__/fixtures/fixtureSubgraph';
