import { randomBytes } from 'crypto';
import type { Cluster, Redis } from 'ioredis';
import { closeRedis } from '../redis/closeRedis';
import { createRedisClient } from '../redis/connect';
import { describeTarget, redisTargetFromEnv, type RedisTarget } from '../redis/redisTarget';
import type { RedisClient } from '../redis/roundTrip';

export interface TestRedis {
  /** the target: a redis:// URL, or redis-cluster://… when REDIS_CLUSTER_NODES is set */
  url: RedisTarget;
  redis: RedisClient;
  /** unique to this test file and run, ends with ':' */
  prefix: string;
  /** deletes every key under the prefix and closes the connection */
  cleanup(): Promise<void>;
}

/**
 * Test helper: a real Redis at REDIS_URL (default redis://127.0.0.1:6379), or the Redis Cluster
 * named by REDIS_CLUSTER_NODES, a key prefix of the test file's own, and cleanup of its keys.
 * Fails at once with instructions when none answers.
 */
export async function connectTestRedis(name: string): Promise<TestRedis> {
  // test helper only: deployables read REDIS_URL / REDIS_CLUSTER_NODES through their zod config
  const url = redisTargetFromEnv(process.env) ?? 'redis://127.0.0.1:6379';
  const cluster = url.startsWith('redis-cluster://');
  const redis = createRedisClient(url, { connectTimeoutMs: 2000, maxRetriesPerRequest: cluster ? 2 : 0, reconnect: cluster });
  redis.on('error', () => undefined);
  try {
    await redis.ping();
  } catch (err) {
    await closeRedis(redis);
    throw new Error(cluster
      ? `No Redis Cluster at ${describeTarget(url)} (${(err as Error).message}): start one with \`scripts/redisCluster.sh start\` or unset REDIS_CLUSTER_NODES`
      : `No Redis at ${url} (${(err as Error).message}): start one with ` +
        '`redis-server --daemonize yes --port 6379 --save "" --appendonly no` or set REDIS_URL');
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

/** Every key matching `pattern`, on one server or on every master of a cluster. */
export async function scanKeys(redis: RedisClient, pattern: string): Promise<string[]> {
  const nodes: Redis[] = redis.isCluster ? (redis as Cluster).nodes('master') : [redis as Redis];
  const out: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      out.push(...keys);
    } while (cursor !== '0');
  }
  return out;
}

/**
 * Deletes every key under `prefix`; the prefix must hold no glob characters (ours never does).
 * On a cluster each key is unlinked on its own (keys of many slots).
 */
export async function deleteByPrefix(redis: RedisClient, prefix: string): Promise<number> {
  if (/[*?[\]\\]/.test(prefix)) throw new RangeError(`prefix has glob characters: ${prefix}`);
  const keys = await scanKeys(redis, `${prefix}*`);
  let deleted = 0;
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const counts = redis.isCluster ? await Promise.all(batch.map((k) => redis.unlink(k))) : [await redis.unlink(...batch)];
    deleted += counts.reduce((a, b) => a + b, 0);
  }
  return deleted;
}
