import { randomBytes } from 'crypto';
import type Redis from 'ioredis';
import { closeRedis } from '../redis/closeRedis';
import { createRedisClient } from '../redis/connect';

export interface TestRedis {
  url: string;
  redis: Redis;
  /** unique to this test file and run, ends with ':' */
  prefix: string;
  /** deletes every key under the prefix and closes the connection */
  cleanup(): Promise<void>;
}

/**
 * Test helper: a real Redis at REDIS_URL (default redis://127.0.0.1:6379), a key prefix of the
 * test file's own, and cleanup of its keys. Fails at once with instructions when none answers.
 */
export async function connectTestRedis(name: string): Promise<TestRedis> {
  // test helper only: deployables read REDIS_URL through their zod config
  const url = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  const redis = createRedisClient(url, { connectTimeoutMs: 2000, maxRetriesPerRequest: 0, reconnect: false });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
  } catch (err) {
    await closeRedis(redis);
    throw new Error(
      `No Redis at ${url} (${(err as Error).message}): start one with ` +
        '`redis-server --daemonize yes --port 6379 --save "" --appendonly no` or set REDIS_URL',
    );
  }
  const safeName = name.replace(/[^A-Za-z0-9_-]/g, '_');
  const prefix = `test:${safeName}:${process.pid}:${randomBytes(4).toString('hex')}:`;
  return {
    url,
    redis,
    prefix,
    async cleanup() {
      await deleteByPrefix(redis, prefix);
      await closeRedis(redis);
    },
  };
}

/** SCAN + UNLINK in batches; the prefix must hold no glob characters (ours never does). */
export async function deleteByPrefix(redis: Redis, prefix: string): Promise<number> {
  if (/[*?[\]\\]/.test(prefix)) throw new RangeError(`prefix has glob characters: ${prefix}`);
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
