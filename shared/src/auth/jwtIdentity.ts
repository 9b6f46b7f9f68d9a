import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { CHANNELS } from '../domain';
import { identitySchema, type Identity } from './Identity';

/** Only asymmetric algorithms: a verifier never holds a key that could also sign. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/**
 * Which claims carry each part of an Identity. Each entry lists claim names tried in order (the
 * first present wins), so an IdP's namespaced claims (`https://acme.example/partner`) map without
 * code. Scopes may be a space-separated string (`scope`) or a list (`scp`); the assortment a
 * list of SKUs or the name of one of the configured assortments.
 */
export const claimsMappingSchema = z
  .object({
    clientId: z.array(z.string().min(1)).min(1).default(['client_id', 'azp', 'sub']),
    scopes: z.array(z.string().min(1)).min(1).default(['scope', 'scp']),
    partnerId: z.array(z.string().min(1)).min(1).default(['partner_id']),
    channel: z.array(z.string().min(1)).min(1).default(['channel']),
    assortment: z.array(z.string().min(1)).min(1).default(['assortment']),
  })
  .strict();
export type ClaimsMapping = z.infer<typeof claimsMappingSchema>;
export const DEFAULT_CLAIMS: ClaimsMapping = claimsMappingSchema.parse({});

export const jwtIdentityConfigSchema = z
  .object({
    /** one issuer, or several sharing the JWKS (the IdP's and our gateway's) */
    issuer: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    audience: z.string().min(1),
    algorithms: z.array(z.enum(ASYMMETRIC_ALGORITHMS)).min(1),
    /** exactly one of jwksUrl / jwks */
    jwksUrl: z.string().url().optional(),
    jwks: z.object({ keys: z.array(z.record(z.unknown())).min(1) }).optional(),
    clockToleranceSeconds: z.number().int().min(0),
    /** which claims carry what; DEFAULT_CLAIMS when absent */
    claims: claimsMappingSchema.optional(),
  })
  .refine((j) => !!j.jwksUrl !== !!j.jwks, 'give exactly one of JWT_JWKS_URL or JWT_JWKS');
export type JwtIdentityConfig = z.input<typeof jwtIdentityConfigSchema>;

/** Why a token was refused: `reason` is stable and safe to show; `detail` is for the log only. */
export class JwtRejected extends Error {
  override name = 'JwtRejected';
  constructor(readonly reason: 'expired' | 'wrong_audience' | 'wrong_issuer' | 'bad_signature' | 'malformed' | 'bad_claims' | 'keys_unavailable', readonly detail: string) {
    super(`jwt rejected (${reason}): ${detail}`);
  }
}

/**
 * Verifies a bearer token against pinned algorithms, issuer and audience, with keys from a JWKS
 * URL (cached and rate-limited by jose) or a local key set, and maps its claims to an Identity.
 * Used by the gateway for clients' tokens and by every subgraph for tokens a router forwards.
 */
export function createJwtIdentityVerifier(input: JwtIdentityConfig, assortments: Record<string, string[]> = {}): (token: string) => Promise<Identity> {
  const config = jwtIdentityConfigSchema.parse(input);
  const keys: JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 })
    : createLocalJWKSet(config.jwks as unknown as Parameters<typeof createLocalJWKSet>[0]);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: config.algorithms,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: config.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (err) {
      throw rejection(err);
    }
    return identityFromClaims(payload, config.claims ?? DEFAULT_CLAIMS, assortments);
  };
}

function rejection(err: unknown): JwtRejected {
  // jose's error codes (ERR_J…), not ours: they become a reason of our own below
  const { code: joseCode, claim, message } = err as { code?: string; claim?: string; message?: string };
  const detail = `${joseCode ?? 'error'}: ${message ?? String(err)}`;
  if (joseCode === 'ERR_JWT_EXPIRED') return new JwtRejected('expired', detail);
  if (joseCode === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'aud') return new JwtRejected('wrong_audience', detail);
  if (joseCode === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim === 'iss') return new JwtRejected('wrong_issuer', detail);
  // jose's own refusals all have an ERR_J… code; anything else came from fetching the key set
  if (joseCode === 'ERR_JWKS_TIMEOUT' || !joseCode?.startsWith('ERR_J')) return new JwtRejected('keys_unavailable', detail);
  if (joseCode === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' || joseCode === 'ERR_JWKS_NO_MATCHING_KEY' || joseCode === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || joseCode === 'ERR_JOSE_ALG_NOT_ALLOWED') {
    return new JwtRejected('bad_signature', detail);
  }
  if (joseCode === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return new JwtRejected('bad_claims', detail);
  return new JwtRejected('malformed', detail);
}

export function identityFromClaims(claims: JWTPayload, mapping: ClaimsMapping = DEFAULT_CLAIMS, assortments: Record<string, string[]> = {}): Identity {
  const clientId = pick(claims, mapping.clientId);
  if (typeof clientId !== 'string' || clientId.length === 0) throw badClaims(`no ${mapping.clientId.join(', ')}`);
  const channel = pick(claims, mapping.channel);
  if (channel !== undefined && !(CHANNELS as readonly unknown[]).includes(channel)) throw badClaims('channel is not a Channel');
  const partnerId = pick(claims, mapping.partnerId);
  if (partnerId !== undefined && (typeof partnerId !== 'string' || partnerId.length === 0)) throw badClaims('partner id is not a string');
  const identity = identitySchema.safeParse({
    clientId,
    channel: channel ?? null,
    partnerId: partnerId ?? null,
    assortment: assortmentFrom(pick(claims, mapping.assortment), assortments),
    scopes: scopesFrom(pick(claims, mapping.scopes)),
    // a token may only narrow its bearer's rights to an anonymous caller's (our gateway's, for one)
    anonymous: claims.anonymous === true,
  });
  // the same bounds as the signed header: a bloated token costs nothing more to refuse
  if (!identity.success) throw badClaims(identity.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return identity.data;
}

function pick(claims: JWTPayload, names: readonly string[]): unknown {
  for (const name of names) if (claims[name] !== undefined && claims[name] !== null) return claims[name];
  return undefined;
}

function assortmentFrom(claim: unknown, assortments: Record<string, string[]>): string[] | null {
  if (claim === undefined) return null;
  if (typeof claim === 'string') {
    const named = assortments[claim];
    if (!named) throw badClaims(`unknown assortment ${claim}`);
    return [...named];
  }
  if (Array.isArray(claim) && claim.every((s) => typeof s === 'string')) return claim as string[];
  throw badClaims('assortment is neither a name nor a list');
}

function scopesFrom(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
  if (Array.isArray(claim) && claim.every((s) => typeof s === 'string')) return claim as string[];
  return [];
}

function badClaims(detail: string): JwtRejected {
  return new JwtRejected('bad_claims', detail);
}
