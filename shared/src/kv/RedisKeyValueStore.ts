import { ChannelSubscriber, publishCommand } from '../redis/ChannelSubscriber';
import { duplicateForSubscribe } from '../redis/connect';
import { defineScripts } from '../redis/defineScripts';
import type { EventStreamsSettings } from '../streams/EventStreams';
import { RedisEventStreams } from '../streams/RedisEventStreams';
import type { RedisClient } from '../redis/roundTrip';
import { checkTtl, type KeyValueStore, type SetOptions } from './KeyValueStore';

export interface RedisKeyValueStoreOptions {
  redis: RedisClient;
  /** shared pub/sub connection; without one the store opens (and closes) its own on first subscribe */
  subscriber?: ChannelSubscriber;
  /** prepended to every key and channel; default 'sg:kv:' */
  prefix?: string;
  streams?: EventStreamsSettings;
}

/** ARGV: field, max, ttl ms ('' for none) → 1 when the field was below max and went up by one */
const HINCR_BELOW = "local n = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') if not n then return redis.error_reply('ERR hash value is not an integer') end if n >= tonumber(ARGV[2]) then return 0 end redis.call('HINCRBY', KEYS[1], ARGV[1], 1) if ARGV[3] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end return 1";

/** KeyValueStore over ioredis. The caller closes the client it passed in. */
export class RedisKeyValueStore implements KeyValueStore {
  readonly keepsOrder: boolean;
  readonly streams: RedisEventStreams;
  private readonly redis: RedisClient;
  private readonly prefix: string;
  private subscriber: ChannelSubscriber | null;
  private readonly ownsSubscriber: boolean;

  constructor(opts: RedisKeyValueStoreOptions) {
    this.redis = opts.redis;
    this.keepsOrder = !opts.redis.isCluster;
    // defining again is cheap and keeps a client shared by several stores on the current script
    defineScripts(this.redis, { sgKvHincrBelow: { numberOfKeys: 1, lua: HINCR_BELOW } });
    this.prefix = opts.prefix ?? 'sg:kv:';
    this.subscriber = opts.subscriber ?? null;
    this.ownsSubscriber = !opts.subscriber;
    const { retention, ...consumerDefaults } = opts.streams ?? {};
    this.streams = new RedisEventStreams({ redis: opts.redis, prefix: this.prefix, retention, consumerDefaults });
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(this.k(key));
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return [];
    // one key per command, not MGET: on a Cluster the keys may live on different slots
    return Promise.all(keys.map((key) => this.redis.get(this.k(key))));
  }

  async set(key: string, value: string, opts: SetOptions = {}): Promise<boolean> {
    checkTtl(opts.ttlMs);
    const args: (string | number)[] = [this.k(key), value];
    if (opts.ttlMs) args.push('PX', opts.ttlMs);
    if (opts.ifAbsent) args.push('NX');
    const reply = await this.redis.call('SET', ...args);
    return reply === 'OK';
  }

  async del(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async hset(key: string, entries: Record<string, string>): Promise<void> {
    if (Object.keys(entries).length === 0) return;
    await this.redis.hset(this.k(key), entries);
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.redis.hget(this.k(key), field);
  }

  async hmget(key: string, fields: readonly string[]): Promise<(string | null)[]> {
    if (fields.length === 0) return [];
    return this.redis.hmget(this.k(key), ...fields);
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.k(key));
  }

  async hdel(key: string, fields: readonly string[]): Promise<void> {
    if (fields.length === 0) return;
    await this.redis.hdel(this.k(key), ...fields);
  }

  async incr(key: string, by = 1): Promise<number> {
    if (!Number.isSafeInteger(by)) throw new RangeError('incr step must be an integer');
    return this.redis.incrby(this.k(key), by);
  }

  async hincr(key: string, field: string, by = 1): Promise<number> {
    if (!Number.isSafeInteger(by)) throw new RangeError('incr step must be an integer');
    return this.redis.hincrby(this.k(key), field, by);
  }

  async hincrBelow(key: string, field: string, max: number, opts: { ttlMs?: number } = {}): Promise<boolean> {
    if (!Number.isSafeInteger(max)) throw new RangeError('max must be an integer');
    checkTtl(opts.ttlMs);
    // a script (EVALSHA, defined on the client as RedisLedger defines its own): the check, the
    // count and its expiry in one step, in the same write as the hold it is sent beside
    const script = (this.redis as unknown as Record<string, (...a: (string | number)[]) => Promise<number>>).sgKvHincrBelow!;
    return (await script.call(this.redis, this.k(key), field, max, opts.ttlMs ?? '')) === 1;
  }

  async lpushCapped(key: string, value: string, max: number): Promise<void> {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
    // MULTI so no reader sees the list over its cap
    const replies = await this.redis.multi().lpush(this.k(key), value).ltrim(this.k(key), 0, max - 1).exec();
    const failed = replies?.find(([err]) => err);
    if (failed) throw failed[0];
  }

  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    return this.redis.lrange(this.k(key), start, stop);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.redis[publishCommand(this.redis)](this.k(channel), message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    this.subscriber ??= new ChannelSubscriber(duplicateForSubscribe(this.redis), true);
    return this.subscriber.subscribe(this.k(channel), listener);
  }

  async close(): Promise<void> {
    await this.streams.close();
    if (this.ownsSubscriber && this.subscriber) await this.subscriber.close();
    if (this.ownsSubscriber) this.subscriber = null;
  }

  private k(key: string): string {
    return `${this.prefix}${key}`;
  }
}
