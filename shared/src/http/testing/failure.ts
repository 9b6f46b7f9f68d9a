import { LegacyError } from '../../errors';

/** The failure a legacy call ends with; fails the test unless it is a LegacyError. */
export async function failure(p: Promise<unknown>): Promise<LegacyError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(LegacyError);
  return err as LegacyError;
}
