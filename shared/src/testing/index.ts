// Helpers for tests and benchmarks, apart from the production barrel. nock's helpers stay in
// http/testing/legacyNock so a test of real sockets loads no nock.
export * from './testRedis';
export * from './waitFor';
export { failure } from '../http/testing/failure';
export * from '../http/testing/legacyNock';
