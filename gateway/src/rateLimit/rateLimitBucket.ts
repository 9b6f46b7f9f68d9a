import type { Identity } from '@stockgraph/shared/auth';
import type { ApiKeyClient, RateLimitConfig } from '../configTypes';
import type { Budget } from './RateLimiter';

export interface BucketChoice {
  key: string;
  budget: Budget;
}

export type BucketFor = (identity: Identity, clientAddress: string | undefined) => BucketChoice;

/**
 * Which bucket a request draws from, and its size. A partner's keys and apps share one bucket;
 * anonymous callers each have their own, by end-user address; every other client (a server-side
 * key, whose one key speaks for all its users) has its own, larger one. An API key may set its
 * own budget (`rateLimit` beside its scopes), which wins over its class's default.
 */
export function createBucketFor(config: Pick<RateLimitConfig, 'anonymous' | 'partner' | 'client'>, apiKeys: Record<string, ApiKeyClient>): BucketFor {
  // a key's budget by the client it names (rotated keys of one client share its bucket and budget)
  const own = new Map<string, Budget>();
  for (const client of Object.values(apiKeys)) if (client.rateLimit && !own.has(client.clientId)) own.set(client.clientId, client.rateLimit);
  return (identity, clientAddress) => {
    if (identity.anonymous) return { key: `anon:${clientAddress ?? 'unknown'}`, budget: config.anonymous };
    const budget = own.get(identity.clientId);
    if (identity.partnerId) return { key: `partner:${identity.partnerId}`, budget: budget ?? config.partner };
    return { key: `client:${identity.clientId}`, budget: budget ?? config.client };
  };
}
