import { createHmac } from 'node:crypto';
import { identitySchema, type Identity } from './Identity';

export const IDENTITY_HEADER_VERSION = 'v1';
export const MIN_SECRET_LENGTH = 32;

/**
 * Signs an identity for the `x-stockgraph-identity` header:
 * `v1.<issued-at ms>.<base64url JSON>.<base64url HMAC-SHA256 over "v1.<ts>.<payload>">`.
 * The timestamp is inside the MAC so a captured header stops working after the validity window.
 */
export function signIdentity(identity: Identity, secret: string, now: number = Date.now()): string {
  assertSecret(secret);
  const checked = identitySchema.parse(identity);
  const payload = Buffer.from(JSON.stringify(checked), 'utf8').toString('base64url');
  const signed = `${IDENTITY_HEADER_VERSION}.${Math.floor(now)}.${payload}`;
  return `${signed}.${mac(signed, secret)}`;
}

export function mac(signed: string, secret: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

export function assertSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the gateway signing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}
