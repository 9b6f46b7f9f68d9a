import type { Budget, RateLimiter } from './RateLimiter';

interface Bucket { tokens: number; at: number }

/**
 * One token bucket per key, in this process (a gateway with no Redis, and the Redis limiter's
 * fallback while Redis is unreachable). A Map keeps insertion order, so re-inserting on each take
 * makes the first entry the least recently used, dropped when there are too many keys.
 */
export class MemoryTokenBucket implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly maxKeys: number) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait before retrying. */
  takeNow(key: string, budget: Budget, now: number = Date.now()): number {
    const { ratePerSecond, burst } = budget;
    const prev = this.buckets.get(key);
    const tokens = prev ? Math.min(burst, prev.tokens + ((now - prev.at) / 1000) * ratePerSecond) : burst;
    this.buckets.delete(key);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    return 0;
  }

  async take(key: string, budget: Budget): Promise<number> {
    return this.takeNow(key, budget);
  }

  async close(): Promise<void> {}

  get size(): number {
    return this.buckets.size;
  }
}
