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
  if (cmds.length === 1 || redis.isCluster) return direct(redis, cmds);
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

/**
 * `first`, then `then`, and the replies of both; the first error throws. On one node they go
 * out together, in order, joining whatever else auto-pipelining sends in the same tick: Redis
 * runs a connection's commands in the order sent, so `first` has run before `then` starts, a
 * round trip sooner (and holds under load batch with each other). A Cluster's nodes keep no
 * order between them, so there `then` waits for `first`'s replies.
 */
export async function roundTripInOrder(redis: RedisClient, first: readonly Cmd[], then: readonly Cmd[]): Promise<[unknown[], unknown[]]> {
  if (redis.isCluster) {
    const a = await roundTrip(redis, first);
    return [a, await roundTrip(redis, then)];
  }
  const all = await direct(redis, [...first, ...then]);
  return [all.slice(0, first.length), all.slice(first.length)];
}

/** each command straight to the client, in order */
function direct(redis: RedisClient, cmds: readonly Cmd[]): Promise<unknown[]> {
  const client = redis as unknown as Callable;
  return Promise.all(cmds.map(([method, ...args]) => {
    if (typeof client[method] !== 'function') throw new Error(`unknown Redis command or script: ${method}`);
    const send = () => client[method]!(...args) as Promise<unknown>;
    return redis.isCluster ? sendAgainIfNotRun(redis as Cluster, send) : send();
  }));
}

/** the node refused the command without running it: the slot moved, or its shard is between masters */
export const NOT_RUN = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN) /;

/**
 * ioredis follows a redirection for a lone command, but an auto-pipelined batch (commands of
 * several slots to one node) whose commands are redirected to different slots is not retried:
 * each command gets its MOVED. After a failover, or once a killed master is back as a replica, a
 * stale slot map does that to every batch. Such a command never ran, so it is sent again once
 * the map is refreshed.
 */
export async function sendAgainIfNotRun<T>(cluster: Cluster, send: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= attempts || !NOT_RUN.test((err as Error).message)) throw err;
      await new Promise<void>((r) => cluster.refreshSlotsCache(() => r()));
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
