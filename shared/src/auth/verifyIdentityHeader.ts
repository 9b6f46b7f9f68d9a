import { timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, identitySchema, type Identity } from './Identity';
import { IDENTITY_HEADER_VERSION, assertSecret, mac } from './signIdentity';
import { ErrorCode } from '../errors';

/** A Fetch `Headers`, Apollo's `HeaderMap`, or Node's `IncomingHttpHeaders`. */
export type HeadersLike =
  | { get(name: string): string | null | undefined }
  | Record<string, string | string[] | undefined>;

export interface VerifyIdentityOptions {
  /** how old a signature may be; short, so a leaked header is soon useless */
  maxAgeMs?: number;
  /** how far in the future a timestamp may be, for clock skew between hosts */
  maxSkewMs?: number;
}

export const DEFAULT_IDENTITY_MAX_AGE_MS = 30_000;
const DEFAULT_MAX_SKEW_MS = 5_000;
const MAX_HEADER_LENGTH = 2_000_000;

/**
 * Called by every subgraph's context function: returns the identity the gateway verified, or
 * throws UNAUTHENTICATED, so a request that did not come through the gateway is never served.
 * Every failure has the same message, so a caller learns nothing about which check failed.
 */
export function verifyIdentityHeader(
  headers: HeadersLike,
  secret: string,
  now: number = Date.now(),
  options: VerifyIdentityOptions = {},
): Identity {
  assertSecret(secret);
  const value = readHeader(headers, IDENTITY_HEADER);
  if (!value || value.length > MAX_HEADER_LENGTH) throw unauthenticated();
  const parts = value.split('.');
  if (parts.length !== 4 || parts[0] !== IDENTITY_HEADER_VERSION) throw unauthenticated();
  const [version, tsText, payload, signature] = parts;
  const expected = Buffer.from(mac(`${version}.${tsText}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw unauthenticated();

  if (!/^\d{1,16}$/.test(tsText)) throw unauthenticated();
  const issuedAt = Number(tsText);
  const maxAge = options.maxAgeMs ?? DEFAULT_IDENTITY_MAX_AGE_MS;
  const maxSkew = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (now - issuedAt > maxAge || issuedAt - now > maxSkew) throw unauthenticated();

  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw unauthenticated();
  }
  const parsed = identitySchema.safeParse(json);
  if (!parsed.success) throw unauthenticated();
  return parsed.data;
}

export function readHeader(headers: HeadersLike, name: string): string | undefined {
  const raw = typeof headers.get === 'function' ? (headers as { get(n: string): unknown }).get(name) : (headers as Record<string, unknown>)[name];
  if (typeof raw === 'string') return raw;
  // two copies of the header is an attempt to confuse, not a gateway request
  return undefined;
}

function unauthenticated(): GraphQLError {
  return new GraphQLError('Requests must come through the gateway.', {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}
