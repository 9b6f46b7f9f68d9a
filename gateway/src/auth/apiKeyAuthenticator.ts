import { createHash } from 'node:crypto';
import type { Identity } from '@stockgraph/shared/auth';
import type { ApiKeyClient, AuthConfig } from '../configTypes';

/**
 * Looks API keys up by their SHA-256, so the comparison time says nothing about how much of a
 * guessed key was right, and config may hold `sha256:<hex>` instead of the key itself.
 */
export function createApiKeyAuthenticator(auth: Pick<AuthConfig, 'apiKeys' | 'assortments'>): (key: string) => Identity | null {
  const byHash = new Map<string, Identity>();
  for (const [key, client] of Object.entries(auth.apiKeys)) {
    const hash = key.startsWith('sha256:') ? key.slice('sha256:'.length) : sha256(key);
    byHash.set(hash, deepFreeze(toIdentity(client, auth.assortments)));
  }
  // one frozen identity per key, shared by its requests: nothing can change it, and a partner's
  // assortment of thousands of SKUs is not copied per request
  return (key) => byHash.get(sha256(key)) ?? null;
}

function toIdentity(client: ApiKeyClient, assortments: Record<string, string[]>): Identity {
  const assortment =
    typeof client.assortment === 'string' ? assortments[client.assortment] ?? [] : client.assortment ?? null;
  return {
    clientId: client.clientId,
    channel: client.channel,
    partnerId: client.partnerId ?? null,
    assortment,
    scopes: [...client.scopes],
    anonymous: false,
  };
}

function deepFreeze(identity: Identity): Identity {
  if (identity.assortment) Object.freeze(identity.assortment);
  Object.freeze(identity.scopes);
  return Object.freeze(identity);
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
