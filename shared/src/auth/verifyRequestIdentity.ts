import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';
import type { Identity } from './Identity';
import { IDENTITY_HEADER } from './Identity';
import { createJwtIdentityVerifier, JwtRejected, type JwtIdentityConfig } from './jwtIdentity';
import { readHeader, verifyIdentityHeader, type HeadersLike } from './verifyIdentityHeader';

/** How a subgraph knows its caller: the gateway's signed header and, when configured, a bearer JWT. */
export interface SubgraphIdentityOptions {
  /** the gateway's signing secret (x-stockgraph-identity) */
  identitySecret: string;
  /** JWT settings for a router in front that forwards the client's (or our gateway's) token; null: header only */
  identityJwt?: { config: JwtIdentityConfig; assortments: Record<string, string[]> } | null;
}

const MAX_TOKEN_LENGTH = 16_384;

/**
 * The identity of one subgraph request. Our gateway's signed header wins when present; otherwise a
 * `Bearer` JWT verified here (signature against the JWKS, issuer, audience, expiry). Nothing else
 * is believed: not an unsigned claim set a router puts in `extensions`, not a bare header.
 * Refusals are UNAUTHENTICATED (HTTP 401) with a stable `extensions.reason` for token problems.
 */
export function createRequestIdentityVerifier(o: SubgraphIdentityOptions): (headers: HeadersLike) => Promise<Identity> {
  const byJwt = o.identityJwt ? createJwtIdentityVerifier(o.identityJwt.config, o.identityJwt.assortments) : null;
  return async (headers) => {
    if (readHeader(headers, IDENTITY_HEADER) !== undefined || !byJwt) return verifyIdentityHeader(headers, o.identitySecret);
    const authorization = readHeader(headers, 'authorization');
    if (authorization === undefined) return verifyIdentityHeader(headers, o.identitySecret); // the usual 401
    const m = /^Bearer +([A-Za-z0-9_\-.]+)$/i.exec(authorization.trim());
    if (!m || m[1]!.length > MAX_TOKEN_LENGTH) throw tokenRefused('malformed', 'The authorization header is not a bearer token.');
    try {
      return await byJwt(m[1]!);
    } catch (err) {
      if (err instanceof JwtRejected) throw tokenRefused(err.reason, MESSAGES[err.reason]);
      throw err;
    }
  };
}

const MESSAGES: Record<JwtRejected['reason'], string> = {
  expired: 'The bearer token has expired.',
  wrong_audience: 'The bearer token was not issued for this service (audience).',
  wrong_issuer: 'The bearer token comes from an issuer this service does not trust.',
  bad_signature: 'The bearer token is not signed by a trusted key.',
  malformed: 'The bearer token is not a valid JWT.',
  bad_claims: 'The bearer token does not carry a usable identity.',
  keys_unavailable: 'The keys to check the bearer token could not be fetched.',
};

function tokenRefused(reason: JwtRejected['reason'], message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, reason, http: { status: reason === 'keys_unavailable' ? 503 : 401 } },
  });
}
