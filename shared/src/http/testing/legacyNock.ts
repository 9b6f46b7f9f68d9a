import nock from 'nock';
import { LegacyError } from '../../errors';

/** The failure a legacy call ends with; fails the test unless it is a LegacyError. */
export async function failure(p: Promise<unknown>): Promise<LegacyError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(LegacyError);
  return err as LegacyError;
}

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
