import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { CHANNELS, type Channel } from '@stockgraph/shared';
import type { Identity } from '@stockgraph/shared/auth';
import type { JwtConfig } from '../configTypes';
import { CredentialError } from './authErrors';

/**
 * Verifies a bearer token against pinned algorithms, issuer and audience, with keys from a
 * JWKS URL (cached and rate-limited by jose) or a local key set. Claims map to an Identity:
 * client_id|azp|sub, channel, partner_id, assortment (SKU list or assortment name),
 * scope (space-separated) or scp (list).
 */
export function createJwtAuthenticator(jwt: JwtConfig, assortments: Record<string, string[]>): (token: string) => Promise<Identity> {
  const keys = jwt.jwksUrl
    ? createRemoteJWKSet(new URL(jwt.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
    : createLocalJWKSet(jwt.jwks as unknown as Parameters<typeof createLocalJWKSet>[0]);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: jwt.algorithms,
        issuer: jwt.issuer,
        audience: jwt.audience,
        clockTolerance: jwt.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      throw new CredentialError(`jwt rejected: ${(err as { code?: string }).code ?? (err as Error).message}`);
    }
    return identityFromClaims(payload, assortments);
  };
}

export function identityFromClaims(claims: JWTPayload, assortments: Record<string, string[]>): Identity {
  const clientId = firstString(claims.client_id, claims.azp, claims.sub);
  if (!clientId) throw new CredentialError('jwt has no client_id, azp or sub');
  const channel = claims.channel;
  if (channel !== undefined && !(CHANNELS as readonly unknown[]).includes(channel)) throw new CredentialError('jwt channel is not a Channel');
  const partnerId = claims.partner_id;
  if (partnerId !== undefined && typeof partnerId !== 'string') throw new CredentialError('jwt partner_id is not a string');
  return {
    clientId,
    channel: (channel as Channel | undefined) ?? null,
    partnerId: partnerId ?? null,
    assortment: assortmentFrom(claims.assortment, assortments),
    scopes: scopesFrom(claims),
    anonymous: false,
  };
}

function assortmentFrom(claim: unknown, assortments: Record<string, string[]>): string[] | null {
  if (claim === undefined || claim === null) return null;
  if (typeof claim === 'string') {
    const named = assortments[claim];
    if (!named) throw new CredentialError(`jwt names unknown assortment ${claim}`);
    return [...named];
  }
  if (Array.isArray(claim) && claim.every((s) => typeof s === 'string')) return claim as string[];
  throw new CredentialError('jwt assortment is neither a name nor a list');
}

function scopesFrom(claims: JWTPayload): string[] {
  if (typeof claims.scope === 'string') return claims.scope.split(' ').filter(Boolean);
  if (Array.isArray(claims.scp) && claims.scp.every((s) => typeof s === 'string')) return claims.scp as string[];
  return [];
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v.length > 0);
}
