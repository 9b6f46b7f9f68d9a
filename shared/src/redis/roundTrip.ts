import type { Cluster, Redis } from 'ioredis';

export type RedisClient = Redis | Cluster;

/** One command: its ioredis method name (a built-in or a defineCommand script) and arguments. */
export type Cmd = [method: string, ...args: (string | number)[]];

type Callable = Record<string, (...args: (string | number)[]) => unknown>;

/**
 * Sends commands in one round trip and returns their replies in order; the first error throws.
 * Several commands on a single node go in one explicit pipeline (one socket write). A Cluster
 * cannot pipeline keys of different nodes, so there the commands go out together and ioredis
 * auto-pipelining (enabled by createRedisClient) sends one pipeline per node, all in flight at once.
 */
export async function roundTrip(redis: RedisClient, cmds: readonly Cmd[]): Promise<unknown[]> {
  if (cmds.length === 0) return [];
  // A lone command goes straight to the client, where auto-pipelining batches it with whatever
  // else this process sends in the same tick (a pipeline of one would be its own socket write).
  if (cmds.length === 1 || redis.isCluster) {
    const client = redis as unknown as Callable;
    return Promise.all(cmds.map(([method, ...args]) => client[method]!(...args)));
  }
  const pipeline = redis.pipeline();
  const p = pipeline as unknown as Callable;
  for (const [method, ...args] of cmds) {
    if (typeof p[method] !== 'function') throw new Error(`unknown Redis command or script: ${method}`);
    p[method]!(...args);
  }
  const replies = await pipeline.exec();
  if (!replies) throw new Error('Redis pipeline was discarded');
  return replies.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}
