// One base config, one project per workspace (tests live beside the code in __tests__).
// Another package is reached only through its entry point (src/index.ts, or src/testing.ts for test helpers).
const path = require('path');

const moduleNameMapper = {
  '^@stockgraph/shared$': '<rootDir>/../shared/src/index.ts',
  '^@stockgraph/shared/(.*)$': '<rootDir>/../shared/src/$1',
  '^@stockgraph/simulators$': '<rootDir>/../simulators/src/index.ts',
  '^@stockgraph/(unification|erp|wms|pos|oms|planning)$': '<rootDir>/../subgraphs/$1/src/index.ts',
  '^@stockgraph/(oms|planning)/testing$': '<rootDir>/../subgraphs/$1/src/testing.ts',
  '^@stockgraph/gateway/testing$': '<rootDir>/../gateway/src/testing.ts',
  '^@stockgraph/gateway$': '<rootDir>/../gateway/src/index.ts',
};

function project(dir, extra = {}) {
  const depth = dir === '.' ? 0 : dir.split('/').length;
  const up = '../'.repeat(depth);
  const mapper = {};
  for (const [k, v] of Object.entries(moduleNameMapper)) mapper[k] = v.replace('<rootDir>/../', `<rootDir>/${up}`);
  return {
    displayName: dir,
    rootDir: path.join(__dirname, dir),
    testEnvironment: 'node',
    testMatch: ['**/__tests__/**/*.test.ts', '**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.base.json') }] },
    moduleNameMapper: mapper,
    ...extra,
  };
}

// The suites that must hold on a Redis Cluster too, rerun against the local 3-master cluster
// (scripts/redisCluster.sh; tests/support/clusterSetup.js starts it when nothing answers).
// CLUSTER_TESTS=off leaves them out, CLUSTER_TESTS=only runs nothing else.
const CLUSTER_SUITES = [
  'shared/src/ledger/__tests__/RedisLedger.test.ts',
  'shared/src/kv/__tests__/RedisKeyValueStore.test.ts',
  'shared/src/streams/__tests__/RedisEventStreams.test.ts',
  'shared/src/__tests__/stores.test.ts',
  'shared/src/redis/__tests__/*.test.ts',
  'tests/orders/holds.test.ts',
  'tests/orders/routing.test.ts',
  'tests/orders/routeIdempotency.test.ts',
  'tests/lifecycle/orderLifecycle.test.ts',
  'tests/cluster/**/*.test.ts',
  'gateway/src/rateLimit/__tests__/RedisTokenBucket.test.ts',
  'gateway/src/rateLimit/__tests__/gatewayRateLimit.test.ts',
  'tests/scale/**/*.test.ts',
];
const clusterProject = project('.', {
  displayName: 'cluster',
  testMatch: CLUSTER_SUITES.map((s) => `<rootDir>/${s}`),
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/tests/support/clusterSetup.js',
  setupFiles: ['<rootDir>/tests/support/clusterEnv.js'],
});
const mode = process.env.CLUSTER_TESTS;

module.exports = {
  testTimeout: 30000,
  // Each test file in a fresh worker process (a worker is replaced once its memory passes this
  // after a file; every file leaves more). Run in one process, a suite that kills and restarts
  // parts of a stack could meet an earlier suite's leftovers still reaching for ports that had
  // closed (uncaught ECONNREFUSED, seen in CI only, never with the suite alone).
  workerIdleMemoryLimit: '1MB',
  projects: mode === 'only' ? [clusterProject] : [
    project('shared'),
    project('simulators'),
    project('subgraphs/unification'),
    project('subgraphs/erp'),
    project('subgraphs/wms'),
    project('subgraphs/pos'),
    project('subgraphs/oms'),
    project('subgraphs/planning'),
    project('gateway'),
    project('bench'),
    project('tests', { testPathIgnorePatterns: ['/node_modules/', '/tests/cluster/'] }),
    ...(mode === 'off' ? [] : [clusterProject]),
  ],
};
