/**
 * Durable, at-least-once event streams between services: Redis Streams with consumer groups
 * (RedisEventStreams), or their in-process twin (MemoryEventStreams) when there is no Redis. Both
 * pass one contract suite (__tests__/streamContract.ts). Every entry carries the source id of the
 * fact it records, so a consumer can apply it once however often it is delivered.
 */
export interface StreamEntry {
  /** the stream's own id ('<ms>-<seq>'), what ack takes */
  id: string;
  /** the fact's own id (a till line, a shipment line, an RMA line, a PO): consumers dedupe by it */
  sourceId: string;
  body: string;
}

export interface PendingSummary {
  /** delivered to some consumer of the group and not acknowledged yet */
  count: number;
  /** how long the oldest pending entry has waited since its last delivery (0 when none) */
  oldestIdleMs: number;
  consumers: { name: string; pending: number }[];
}

export interface StreamReadOptions {
  count?: number;
  /** wait this long for a new entry when there is none (0: answer at once) */
  blockMs?: number;
}

/** consumer settings a deployment gives every consumer of its streams (from its environment) */
export interface ConsumerDefaults {
  /** entries pending this long are taken over by another consumer (default 30 s) */
  claimIdleMs?: number;
  /** test only: streams whose consumers kill -9 their process between handling and acknowledging */
  killBeforeAck?: readonly string[];
}

export interface EventStreamsSettings extends ConsumerDefaults {
  /** entries kept per stream (default DEFAULT_STREAM_RETENTION) */
  retention?: number;
}

export interface EventStreams {
  readonly consumerDefaults: ConsumerDefaults;
  /** entries kept per stream, at least (XADD MAXLEN ~): older ones are trimmed */
  readonly retention: number;
  /** appends an entry (XADD); resolves with its stream id once stored */
  append(stream: string, sourceId: string, body: string): Promise<string>;
  /** creates the consumer group if missing, reading from the stream's first retained entry */
  ensureGroup(stream: string, group: string): Promise<void>;
  /** entries never delivered to the group (XREADGROUP '>'); they become pending for `consumer` */
  readNew(stream: string, group: string, consumer: string, opts?: StreamReadOptions): Promise<StreamEntry[]>;
  /** what `consumer` itself was given and has not acknowledged (XREADGROUP '0') */
  readOwnPending(stream: string, group: string, consumer: string, count?: number): Promise<StreamEntry[]>;
  /** takes over entries pending longer than `minIdleMs` with any consumer, a dead one included (XAUTOCLAIM) */
  claimIdle(stream: string, group: string, consumer: string, minIdleMs: number, count?: number): Promise<StreamEntry[]>;
  /** acknowledges entries (XACK): they leave the pending list; returns how many were pending */
  ack(stream: string, group: string, ids: readonly string[]): Promise<number>;
  pending(stream: string, group: string): Promise<PendingSummary>;
  /** retained entries after `afterId` ('0' from the start), oldest first (XRANGE): for rebuilding a projection */
  range(stream: string, afterId: string, count: number): Promise<StreamEntry[]>;
  length(stream: string): Promise<number>;
  /** a consumer has stopped reading: free what its blocking reads held */
  release(stream: string, group: string, consumer: string): Promise<void>;
  close(): Promise<void>;
}

/** default entries kept per stream: days of a busy retailer's facts, a few tens of MB of Redis */
export const DEFAULT_STREAM_RETENTION = 100_000;

/** Stream ids compare as (ms, seq) pairs, never as strings. */
export function compareStreamIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number) as [number, number];
  const [bm, bs] = b.split('-').map(Number) as [number, number];
  return am !== bm ? am - bm : (as ?? 0) - (bs ?? 0);
}

export function checkRetention(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError('stream retention must be a whole number ≥ 1');
  return n;
}
