import { createJwtIdentityVerifier, JwtRejected, type Identity } from '@stockgraph/shared/auth';
import type { JwtConfig } from '../configTypes';
import { CredentialError } from './authErrors';

/**
 * A client's bearer token, checked by the same verifier the subgraphs use for a router's
 * forwarded token (shared/src/auth/jwtIdentity.ts: pinned asymmetric algorithms, issuer,
 * audience, JWKS URL or local key set, claims → Identity). Why it failed goes to the log only.
 */
export function createJwtAuthenticator(jwt: JwtConfig, assortments: Record<string, string[]>): (token: string) => Promise<Identity> {
  const verify = createJwtIdentityVerifier(jwt, assortments);
  return async (token) => {
    try {
      return await verify(token);
    } catch (err) {
      if (err instanceof JwtRejected) throw new CredentialError(err.message);
      throw err;
    }
  };
}
