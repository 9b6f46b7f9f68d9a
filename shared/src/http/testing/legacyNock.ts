import nock from 'nock';

// kept apart so a test of real sockets can use it without loading nock
export { failure } from './failure';

/** No real network in a legacy client's tests, and no mock carried from one test to the next. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    nock.abortPendingRequests();
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
    // nock patches node:http for the whole worker: later test files get plain HTTP
    nock.restore();
  });
}
