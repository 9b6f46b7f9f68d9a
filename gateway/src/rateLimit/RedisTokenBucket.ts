import type { Logger } from '@stockgraph/shared';
import { defineScripts } from '@stockgraph/shared/redis';
import type { RedisClient } from '@stockgraph/shared/redis';
import { MemoryTokenBucket } from './MemoryTokenBucket';
import type { Budget, RateLimiter } from './RateLimiter';

/**
 * One token bucket per key in Redis, shared by every gateway on it. One hash per bucket
 * (`tokens`, `at`), its own hash tag so the script touches one slot on a Cluster. The time is
 * Redis's (`TIME`), so gateways whose clocks disagree still refill one bucket at one rate.
 * Takes up to ARGV[3] tokens at once and answers how many it gave and, when short, the ms until
 * the next token. The key expires once it would be full again: an idle client costs nothing.
 */
const TAKE = `
if redis.replicate_commands then redis.replicate_commands() end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if b[1] then
  local elapsed = now - tonumber(b[2])
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(burst, tonumber(b[1]) + elapsed * rate / 1000)
end
local given = math.min(want, math.floor(tokens))
if given < 0 then given = 0 end
tokens = tokens - given
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) * 1000 / rate) + 1000)
local waitMs = 0
if given < want then waitMs = math.ceil((1 - tokens) * 1000 / rate) end
return {given, waitMs}
`;

interface Pending { budget: Budget; waiters: ((wait: number) => void)[] }
type TakeScript = (key: string, rate: number, burst: number, want: number) => Promise<[number, number]>;

export interface RedisTokenBucketOptions {
  redis: RedisClient;
  /** the deployment's KEY_PREFIX: buckets are `<prefix>rl:{<key>}` */
  prefix: string;
  /** buckets kept in this process while Redis cannot be reached */
  fallbackKeys: number;
  logger: Logger;
  /** called by close(): the client's owner lets it go */
  onClose?: () => Promise<void>;
}

/**
 * Requests of one key that arrive in the same turn of the event loop take their tokens in one
 * script call (a storefront's backend sending hundreds at once costs one round trip, not
 * hundreds). While Redis fails, each gateway limits on its own (MemoryTokenBucket) rather than
 * refusing every caller or none.
 */
export class RedisTokenBucket implements RateLimiter {
  private readonly pending = new Map<string, Pending>();
  private readonly fallback: MemoryTokenBucket;
  private flushScheduled = false;
  private lastWarning = 0;

  constructor(private readonly o: RedisTokenBucketOptions) {
    defineScripts(o.redis, { rateLimitTake: { lua: TAKE, numberOfKeys: 1 } });
    this.fallback = new MemoryTokenBucket(o.fallbackKeys);
  }

  /** The Redis key of a bucket: its own hash tag, braces in the name escaped so the tag stays whole. */
  redisKey(key: string): string {
    return `${this.o.prefix}rl:{${key.replace(/[{}%]/g, encodeURIComponent)}}`;
  }

  take(key: string, budget: Budget): Promise<number> {
    return new Promise((resolve) => {
      const p = this.pending.get(key);
      if (p) p.waiters.push(resolve);
      else this.pending.set(key, { budget, waiters: [resolve] });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [key, p] of batch) void this.takeMany(key, p);
  }

  private async takeMany(key: string, p: Pending): Promise<void> {
    const { ratePerSecond, burst } = p.budget;
    try {
      const script = (this.o.redis as unknown as { rateLimitTake: TakeScript }).rateLimitTake;
      const [given, waitMs] = await script.call(this.o.redis, this.redisKey(key), ratePerSecond, burst, p.waiters.length);
      const wait = Math.max(1, Math.ceil(waitMs / 1000));
      p.waiters.forEach((resolve, i) => resolve(i < given ? 0 : wait));
    } catch (err) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.o.logger.warn({ err: (err as Error).message }, 'rate limit: Redis unreachable, limiting in this process');
      }
      for (const resolve of p.waiters) resolve(this.fallback.takeNow(key, p.budget));
    }
  }

  async close(): Promise<void> {
    await this.o.onClose?.();
  }
}
