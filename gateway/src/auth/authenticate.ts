import type { Logger } from '@stockgraph/shared';
import type { Identity } from '@stockgraph/shared/auth';
import type { AuthConfig } from '../configTypes';
import { createApiKeyAuthenticator } from './apiKeyAuthenticator';
import { CredentialError, unauthenticated } from './authErrors';
import { createJwtAuthenticator } from './jwtAuthenticator';

export type Authenticator = (headers: { get(name: string): string | undefined }, logger: Logger) => Promise<Identity>;

const MAX_CREDENTIAL_LENGTH = 8192;

/**
 * Bearer JWT, else `x-api-key`, else anonymous storefront access when allowed. Credentials that
 * are present but wrong never fall back to anonymous: that would hide a broken client.
 */
export function createAuthenticator(auth: AuthConfig): Authenticator {
  const byApiKey = createApiKeyAuthenticator(auth);
  const byJwt = auth.jwt ? createJwtAuthenticator(auth.jwt, auth.assortments) : null;
  const anonymous = anonymousIdentity(auth);
  return async (headers, logger) => {
    const authorization = headers.get('authorization');
    const apiKey = headers.get('x-api-key');
    if ((authorization?.length ?? 0) > MAX_CREDENTIAL_LENGTH || (apiKey?.length ?? 0) > MAX_CREDENTIAL_LENGTH) throw unauthenticated();
    if (authorization !== undefined) {
      const m = /^Bearer +([A-Za-z0-9_\-.~+/]+=*)$/i.exec(authorization.trim());
      if (!m || !byJwt) return refuse(logger, m ? 'bearer token but no JWT configured' : 'malformed authorization header');
      try {
        return await byJwt(m[1]);
      } catch (err) {
        if (err instanceof CredentialError) return refuse(logger, err.message);
        throw err;
      }
    }
    if (apiKey !== undefined) {
      return byApiKey(apiKey) ?? refuse(logger, 'unknown api key');
    }
    if (!auth.allowAnonymous) throw unauthenticated('Authentication required.');
    return anonymous;
  };
}

/** The one frozen identity every anonymous caller gets, as each API key has its own. */
export function anonymousIdentity(auth: Pick<AuthConfig, 'anonymousChannel' | 'anonymousScopes'>): Identity {
  return Object.freeze({
    clientId: 'anonymous', channel: auth.anonymousChannel, partnerId: null, assortment: null,
    scopes: Object.freeze([...auth.anonymousScopes]) as string[], anonymous: true,
  });
}

function refuse(logger: Logger, reason: string): never {
  logger.info({ reason }, 'credentials refused');
  throw unauthenticated();
}
