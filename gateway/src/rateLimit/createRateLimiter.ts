import type { Logger } from '@stockgraph/shared';
import { closeRedis } from '@stockgraph/shared/redis';
import { createRedisClient } from '@stockgraph/shared/redis';
import type { RateLimitConfig } from '../configTypes';
import { MemoryTokenBucket } from './MemoryTokenBucket';
import type { RateLimiter } from './RateLimiter';
import { RedisTokenBucket } from './RedisTokenBucket';

/**
 * The limiter of a gateway: buckets in Redis, shared by every gateway on it, when the
 * configuration names a Redis; otherwise in this process (one gateway, `npm start` with no Redis).
 */
export function createRateLimiter(config: RateLimitConfig, logger: Logger): RateLimiter {
  if (!config.redisUrl) return new MemoryTokenBucket(config.maxClients);
  // a limiter that waits for a Redis that is gone would hold every request: one retry, then the fallback
  const redis = createRedisClient(config.redisUrl, { maxRetriesPerRequest: 1, connectTimeoutMs: 2000 });
  redis.on('error', () => undefined); // reported by the limiter when a take fails
  return new RedisTokenBucket({ redis, prefix: config.keyPrefix, fallbackKeys: config.maxClients, logger, onClose: () => closeRedis(redis) });
}
