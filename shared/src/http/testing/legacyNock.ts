import nock from 'nock';

// kept apart so a test of real sockets can use it without loading nock
export { failure } from './failure';

/**
 * No real network in a legacy client's tests, no mock carried from one test to the next, and a
 * test fails when it leaves a mock unused (a request it expected never went out), as Apollo
 * Federation's gateway tests assert with nock (`.optionally()` marks a mock that may go unused).
 */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const unused = nock.pendingMocks();
    nock.abortPendingRequests();
    nock.cleanAll();
    expect(unused).toEqual([]);
  });
  afterAll(() => {
    nock.enableNetConnect();
    // nock patches node:http for the whole worker: later test files get plain HTTP
    nock.restore();
  });
}

/**
 * The mocks left unused so far, taken out of the check useNock makes after the test: for a test
 * that proves a request was NOT sent (no retry, an open breaker) by asserting exactly which.
 */
export function takeUnusedMocks(): string[] {
  const unused = nock.pendingMocks();
  nock.cleanAll();
  return unused;
}
