import type { Cluster } from 'ioredis';
import { graphQLError } from '../errors';
import { sendAgainIfNotRun, type Cmd, type RedisClient } from './roundTrip';

/**
 * A durable acknowledgement: a write is answered only once `replicas` replicas have it
 * (`WAIT replicas timeoutMs`), so a failover that promotes one of them cannot lose it.
 */
export interface ReplicaAck {
  replicas: number;
  timeoutMs: number;
}

type Callable = Record<string, (...args: (string | number)[]) => unknown>;

/**
 * Sends write commands and waits for replicas to have them. WAIT counts the writes of the
 * connection it is sent on, so each command goes in an explicit pipeline with its WAIT right
 * behind it: one Redis sends them on its one connection, a Cluster on the connection of the
 * command's slot (a pipeline goes to one node). Replies as roundTrip gives them; when a replica
 * did not confirm in time the write stays on the master but is not acknowledged: it throws
 * REPLICA_ACK_FAILED (the caller undoes what it can; every ledger write is idempotent, so a retry
 * is safe).
 */
export async function roundTripAcked(redis: RedisClient, cmds: readonly Cmd[], ack: ReplicaAck): Promise<unknown[]> {
  if (cmds.length === 0) return [];
  const groups = redis.isCluster ? cmds.map((c) => [c]) : [cmds];
  const replies = await Promise.all(groups.map((group) => ackedGroup(redis, group, ack)));
  return replies.flat();
}

/**
 * One pipeline of writes and its WAIT. A Cluster retries a pipeline after MOVED only when every
 * command in it was refused, and WAIT is answered wherever it lands, so here a refused write is
 * sent again once the slot map is refreshed.
 */
function ackedGroup(redis: RedisClient, group: readonly Cmd[], ack: ReplicaAck): Promise<unknown[]> {
  return redis.isCluster ? sendAgainIfNotRun(redis as Cluster, () => ackedOnce(redis, group, ack)) : ackedOnce(redis, group, ack);
}

async function ackedOnce(redis: RedisClient, group: readonly Cmd[], ack: ReplicaAck): Promise<unknown[]> {
  const pipeline = redis.pipeline();
  const p = pipeline as unknown as Callable;
  for (const [method, ...args] of group) {
    if (typeof p[method] !== 'function') throw new Error(`unknown Redis command or script: ${method}`);
    p[method]!(...args);
  }
  pipeline.wait(ack.replicas, ack.timeoutMs);
  const out = await pipeline.exec();
  if (!out) throw new Error('Redis pipeline was discarded');
  const values = out.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
  const confirmed = Number(values.pop());
  if (confirmed < ack.replicas) {
    throw graphQLError('REPLICA_ACK_FAILED', `The write reached ${confirmed} of ${ack.replicas} replica(s) within ${ack.timeoutMs} ms; it was not acknowledged`);
  }
  return values;
}
