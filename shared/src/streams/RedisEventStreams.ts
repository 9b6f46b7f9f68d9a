import type { RedisClient } from '../redis/roundTrip';
import { checkRetention, DEFAULT_STREAM_RETENTION, type ConsumerDefaults, type EventStreams, type PendingSummary, type StreamEntry, type StreamReadOptions } from './EventStreams';

export interface RedisEventStreamsOptions {
  redis: RedisClient;
  /** prepended to every stream key; default 'sg:' */
  prefix?: string;
  retention?: number;
  consumerDefaults?: ConsumerDefaults;
}

type RawEntry = [id: string, fields: string[] | null];

/**
 * EventStreams over Redis Streams. A stream is one key, `<prefix>stream:{<name>}`: the hash tag
 * puts it in one slot on a Cluster (a stream cannot span slots; volume beyond one shard would be
 * split into several named streams, README). A blocking read holds its connection for up to
 * `blockMs`, so each consumer gets a connection of its own for those; everything else shares the
 * command connection. The caller closes the client it passed in.
 */
export class RedisEventStreams implements EventStreams {
  readonly retention: number;
  readonly consumerDefaults: ConsumerDefaults;
  private readonly redis: RedisClient;
  private readonly prefix: string;
  private readonly blocking = new Map<string, RedisClient>();
  private closed = false;

  constructor(opts: RedisEventStreamsOptions) {
    this.redis = opts.redis;
    this.prefix = opts.prefix ?? 'sg:';
    this.retention = checkRetention(opts.retention ?? DEFAULT_STREAM_RETENTION);
    this.consumerDefaults = opts.consumerDefaults ?? {};
  }

  /** the Redis key of a stream (README: how to look at it with redis-cli) */
  key(stream: string): string {
    return `${this.prefix}stream:{${stream}}`;
  }

  async append(stream: string, sourceId: string, body: string): Promise<string> {
    const id = await this.redis.xadd(this.key(stream), 'MAXLEN', '~', this.retention, '*', 'sid', sourceId, 'body', body);
    return id!;
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.key(stream), group, '0', 'MKSTREAM');
    } catch (err) {
      if (!/BUSYGROUP/.test((err as Error).message)) throw err;
    }
  }

  async readNew(stream: string, group: string, consumer: string, opts: StreamReadOptions = {}): Promise<StreamEntry[]> {
    const count = opts.count ?? 100;
    const blockMs = opts.blockMs ?? 0;
    const conn = blockMs > 0 ? this.blockingConnection(stream, group, consumer) : this.redis;
    const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', count];
    if (blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', this.key(stream), '>');
    const reply = (await (conn as unknown as { xreadgroup(...a: (string | number)[]): Promise<unknown> }).xreadgroup(...args)) as [string, RawEntry[]][] | null;
    return reply ? toEntries(reply[0]![1]) : [];
  }

  async readOwnPending(stream: string, group: string, consumer: string, count = 100): Promise<StreamEntry[]> {
    const reply = (await (this.redis as unknown as { xreadgroup(...a: (string | number)[]): Promise<unknown> })
      .xreadgroup('GROUP', group, consumer, 'COUNT', count, 'STREAMS', this.key(stream), '0')) as [string, RawEntry[]][] | null;
    const raw = reply ? reply[0]![1] : [];
    // a pending entry trimmed away comes back with no fields: nothing to deliver, acknowledge it
    const gone = raw.filter(([, f]) => !f).map(([id]) => id);
    if (gone.length) await this.ack(stream, group, gone);
    return toEntries(raw);
  }

  async claimIdle(stream: string, group: string, consumer: string, minIdleMs: number, count = 100): Promise<StreamEntry[]> {
    const out: StreamEntry[] = [];
    let cursor = '0-0';
    do {
      const [next, raw] = (await this.redis.xautoclaim(this.key(stream), group, consumer, minIdleMs, cursor, 'COUNT', count - out.length)) as [string, RawEntry[], string[]];
      out.push(...toEntries(raw));
      cursor = next;
    } while (cursor !== '0-0' && out.length < count);
    return out;
  }

  async ack(stream: string, group: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.redis.xack(this.key(stream), group, ...ids);
  }

  async pending(stream: string, group: string): Promise<PendingSummary> {
    const key = this.key(stream);
    const [count, , , consumers] = (await this.redis.xpending(key, group)) as [number, string | null, string | null, [string, string][] | null];
    let oldestIdleMs = 0;
    if (count > 0) {
      const [first] = (await this.redis.xpending(key, group, '-', '+', 1)) as [string, string, number, number][];
      oldestIdleMs = first ? Number(first[2]) : 0;
    }
    return {
      count: Number(count),
      oldestIdleMs,
      consumers: (consumers ?? []).map(([name, n]) => ({ name, pending: Number(n) })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  async range(stream: string, afterId: string, count: number): Promise<StreamEntry[]> {
    const raw = (await this.redis.xrange(this.key(stream), `(${afterId === '0' ? '0-0' : afterId}`, '+', 'COUNT', count)) as RawEntry[];
    return toEntries(raw);
  }

  async length(stream: string): Promise<number> {
    return this.redis.xlen(this.key(stream));
  }

  async close(): Promise<void> {
    this.closed = true;
    const conns = [...this.blocking.values()];
    this.blocking.clear();
    // a connection blocked in XREADGROUP would hold QUIT back for the rest of its block
    for (const c of conns) c.disconnect();
  }

  private blockingConnection(stream: string, group: string, consumer: string): RedisClient {
    if (this.closed) throw new Error('event streams closed');
    const k = `${stream}\u0000${group}\u0000${consumer}`;
    let c = this.blocking.get(k);
    if (!c) {
      c = this.redis.duplicate() as RedisClient;
      c.on('error', () => undefined);
      this.blocking.set(k, c);
    }
    return c;
  }

  /** stops using one consumer's blocking connection (the consumer loop ended) */
  async release(stream: string, group: string, consumer: string): Promise<void> {
    const k = `${stream}\u0000${group}\u0000${consumer}`;
    const c = this.blocking.get(k);
    this.blocking.delete(k);
    // it may be blocked in XREADGROUP: drop it rather than wait for QUIT behind the block
    if (c) c.disconnect();
  }
}

function toEntries(raw: RawEntry[]): StreamEntry[] {
  const out: StreamEntry[] = [];
  for (const [id, fields] of raw) {
    if (!fields) continue;
    let sourceId = '';
    let body = '';
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === 'sid') sourceId = fields[i + 1]!;
      else if (fields[i] === 'body') body = fields[i + 1]!;
    }
    out.push({ id, sourceId, body });
  }
  return out;
}
