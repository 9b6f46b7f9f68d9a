import type { Identity } from '@stockgraph/shared/auth';
import type { RateLimitConfig } from '../configTypes';

interface Bucket { tokens: number; at: number }

/**
 * One token bucket per client, in memory. A Map keeps insertion order, so re-inserting on each
 * take makes the first entry the least recently used, dropped when there are too many clients.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly config: Pick<RateLimitConfig, 'ratePerSecond' | 'burst' | 'maxClients'>) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, now: number = Date.now()): number {
    const { ratePerSecond, burst, maxClients } = this.config;
    const prev = this.buckets.get(key);
    const tokens = prev ? Math.min(burst, prev.tokens + ((now - prev.at) / 1000) * ratePerSecond) : burst;
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > maxClients) this.buckets.delete(this.buckets.keys().next().value as string);
    return 0;
  }

  get size(): number {
    return this.buckets.size;
  }
}

/** Partners share one bucket across their apps; anonymous callers are told apart by address. */
export function rateLimitKey(identity: Identity, remoteAddress: string | undefined): string {
  if (identity.partnerId) return `partner:${identity.partnerId}`;
  if (identity.anonymous) return `anon:${remoteAddress ?? 'unknown'}`;
  return `client:${identity.clientId}`;
}
