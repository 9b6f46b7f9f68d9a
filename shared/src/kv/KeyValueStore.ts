/**
 * A small key-value store for everything that is not a stock position: the SKU mapping,
 * local catalogs, idempotency keys, feed cursors, discrepancies, source health.
 * RedisKeyValueStore and MemoryKeyValueStore pass one contract suite.
 */
export interface SetOptions {
  /** expire after this many ms */
  ttlMs?: number;
  /** only set when the key does not exist (SET NX); returns false when it did */
  ifAbsent?: boolean;
}

import type { EventStreams } from '../streams/EventStreams';

export interface KeyValueStore {
  /**
   * Durable event streams on the same store (same server, same prefix): facts that cross services
   * travel here, not over publish/subscribe, which stays for cache invalidation.
   */
  readonly streams: EventStreams;
  /**
   * Commands this process sends one after another run in that order, so a later one may go out
   * before an earlier one's reply (one Redis over one connection; the memory store). Not so on a
   * Cluster, whose nodes keep no order between them.
   */
  readonly keepsOrder: boolean;
  get(key: string): Promise<string | null>;
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  set(key: string, value: string, opts?: SetOptions): Promise<boolean>;
  del(key: string): Promise<void>;
  hset(key: string, entries: Record<string, string>): Promise<void>;
  hget(key: string, field: string): Promise<string | null>;
  hmget(key: string, fields: readonly string[]): Promise<(string | null)[]>;
  hgetall(key: string): Promise<Record<string, string>>;
  hdel(key: string, fields: readonly string[]): Promise<void>;
  incr(key: string, by?: number): Promise<number>;
  /** add to a hash field (HINCRBY); the hash keeps whatever expiry it has */
  hincr(key: string, field: string, by?: number): Promise<number>;
  /**
   * Adds one to a hash field only while it is below `max`, atomically: true when it did. With
   * ttlMs the whole hash expires that long after a count that went in.
   */
  hincrBelow(key: string, field: string, max: number, opts?: { ttlMs?: number }): Promise<boolean>;
  /** append to a capped list, newest first (LPUSH + LTRIM) */
  lpushCapped(key: string, value: string, max: number): Promise<void>;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A TTL is a positive whole number of milliseconds (both stores refuse anything else alike). */
export function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && (!Number.isSafeInteger(ttlMs) || ttlMs <= 0)) throw new RangeError('ttlMs must be a positive integer');
}
