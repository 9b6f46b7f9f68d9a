import Redis, { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { ChannelSubscriber } from './ChannelSubscriber';
import { closeRedis } from './closeRedis';
import { clusterNodesOf, type RedisTarget } from './redisTarget';
import type { RedisClient } from './roundTrip';

export interface RedisConnectOptions {
  /** ms to wait for the TCP connect; default 5000 */
  connectTimeoutMs?: number;
  /** attempts per command across reconnects before it fails; default 2 */
  maxRetriesPerRequest?: number;
  /** reconnect at all after a drop; default true (tests turn it off to fail fast) */
  reconnect?: boolean;
}

/**
 * A command connection: auto-pipelining (commands issued in one tick share a socket write),
 * bounded retries so a dead Redis fails requests instead of queueing them forever, and capped
 * exponential reconnect backoff. A cluster target gives an ioredis Cluster with the same
 * settings per node; every script and multi-key command of ours names keys of one slot.
 */
export function createRedisClient(target: RedisTarget, opts: RedisConnectOptions = {}): RedisClient {
  const nodes = clusterNodesOf(target);
  const node = baseOptions(opts, { maxRetriesPerRequest: opts.maxRetriesPerRequest ?? 2 });
  if (nodes) return new Cluster(nodes, clusterOptions(opts, node, { enableAutoPipelining: true }));
  return new Redis(target, { ...node, enableAutoPipelining: true });
}

/**
 * A subscriber-mode connection; it keeps retrying forever and ioredis resubscribes on reconnect.
 * On a cluster it is a Cluster with one sharded subscriber per master (SSUBSCRIBE), moved to
 * the new master when a replica takes over.
 */
export function createSubscriberClient(target: RedisTarget, opts: RedisConnectOptions = {}): RedisClient {
  const nodes = clusterNodesOf(target);
  const node = baseOptions(opts, { enableAutoPipelining: false, maxRetriesPerRequest: null });
  if (nodes) return new Cluster(nodes, clusterOptions(opts, node, { shardedSubscribers: true }));
  return new Redis(target, node);
}

/** A subscriber connection to wherever `client` is connected (for stores given no shared one). */
export function duplicateForSubscribe(client: RedisClient): RedisClient {
  if (client.isCluster) return (client as Cluster).duplicate(undefined, { shardedSubscribers: true, enableAutoPipelining: false });
  return (client as Redis).duplicate();
}

function clusterOptions(opts: RedisConnectOptions, node: RedisOptions, extra: ClusterOptions): ClusterOptions {
  return {
    redisOptions: node,
    // writes go to masters: a replica may lag behind an acknowledged hold
    scaleReads: 'master',
    enableReadyCheck: true,
    // while a replica is being promoted, commands for its slots wait and retry instead of failing
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    maxRedirections: 32,
    slotsRefreshTimeout: 2000,
    clusterRetryStrategy: opts.reconnect === false ? () => null : (times) => Math.min(100 * times, 2000),
    ...extra,
  };
}

function baseOptions(opts: RedisConnectOptions, extra: RedisOptions): RedisOptions {
  return {
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    enableReadyCheck: true,
    retryStrategy: opts.reconnect === false ? () => null : (times) => Math.min(50 * 2 ** times, 2000),
    ...extra,
  };
}

export interface RedisConnections {
  client: RedisClient;
  subscriber: ChannelSubscriber;
  close(): Promise<void>;
}

/** The command client plus a lazily connected, shared subscriber connection. */
export function connectRedis(target: RedisTarget, opts: RedisConnectOptions = {}): RedisConnections {
  const client = createRedisClient(target, opts);
  const subConn = createSubscriberClient(target, opts);
  const subscriber = new ChannelSubscriber(subConn, true);
  return {
    client,
    subscriber,
    async close() {
      await subscriber.close();
      await closeRedis(client);
    },
  };
}

export interface RedisConfigExpectations {
  /** the most locations one SKU has: its positions hash must stay a listpack to stay small */
  locationsPerSku?: number;
  /** the longest packed position value, bytes (about 45 with ms timestamps) */
  positionValueBytes?: number;
}

/**
 * Problems with the server settings the ledger relies on, as readable lines (empty = fine).
 * Eviction would silently drop positions, reservations or dedupe marks; without persistence a
 * restart loses the ledger; a positions hash that outgrows the listpack limits costs several times
 * the memory per position.
 */
export async function checkRedisConfig(redis: RedisClient, expect: RedisConfigExpectations = {}): Promise<string[]> {
  const problems: string[] = [];
  let refused = false;
  const read = async (name: string): Promise<string | null> => {
    if (refused) return null;
    try {
      const reply = (await (redis as Redis).config('GET', name)) as string[];
      const i = reply.indexOf(name);
      return i >= 0 ? reply[i + 1] ?? null : null;
    } catch (err) {
      // managed services often rename or forbid CONFIG
      refused = true;
      problems.push(`cannot read the server config (CONFIG GET refused: ${(err as Error).message}); check eviction, persistence and listpack limits by hand`);
      return null;
    }
  };
  const readNumber = async (name: string, oldName: string): Promise<number | null> => {
    const v = (await read(name)) ?? (await read(oldName));
    return v === null || v === '' ? null : Number(v);
  };
  const policy = await read('maxmemory-policy');
  if (policy !== null && policy !== 'noeviction') {
    problems.push(`maxmemory-policy is ${policy}: Redis may evict ledger keys; set it to noeviction`);
  }
  const aof = await read('appendonly');
  const save = await read('save');
  if (aof === 'no' && save === '') {
    problems.push('persistence is off (appendonly no, save ""): a restart loses every position and reservation');
  } else if (aof === 'no') {
    problems.push('appendonly is no: a crash loses writes since the last RDB snapshot; consider appendonly yes');
  }
  const entries = await readNumber('hash-max-listpack-entries', 'hash-max-ziplist-entries');
  const locations = expect.locationsPerSku ?? 0;
  if (locations > 0 && entries !== null && entries < locations) {
    problems.push(`hash-max-listpack-entries is ${entries} but a SKU has up to ${locations} locations: raise it to at least ${locations} to keep positions compact`);
  }
  const valueBytes = await readNumber('hash-max-listpack-value', 'hash-max-ziplist-value');
  const needed = expect.positionValueBytes ?? 48;
  if (valueBytes !== null && valueBytes < needed) {
    problems.push(`hash-max-listpack-value is ${valueBytes}: packed positions need ${needed} bytes; raise it to 64`);
  }
  return problems;
}
