import type { EventStreamsSettings } from '../streams/EventStreams';
import { MemoryEventStreams } from '../streams/MemoryEventStreams';
import { checkTtl, type KeyValueStore, type SetOptions } from './KeyValueStore';

type Value = string | Map<string, string> | string[];
interface Entry { value: Value; expiresAt: number | null }

/**
 * The embedded KV store: Redis semantics (types per key, TTL, wrong-type errors) in process
 * memory. Pub/sub delivers on a microtask, never inside publish, like a real broker.
 */
export class MemoryKeyValueStore implements KeyValueStore {
  readonly keepsOrder = true;
  private readonly data = new Map<string, Entry>();
  private readonly channels = new Map<string, Set<{ fn: (message: string) => void }>>();
  private readonly clock: () => number;

  readonly streams: MemoryEventStreams;

  constructor(opts: { clock?: () => number; streams?: EventStreamsSettings } = {}) {
    this.clock = opts.clock ?? Date.now;
    const { retention, ...consumerDefaults } = opts.streams ?? {};
    this.streams = new MemoryEventStreams({ clock: this.clock, retention, consumerDefaults });
  }

  async get(key: string): Promise<string | null> {
    return this.str(key);
  }

  async mget(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.map((k) => this.str(k));
  }

  async set(key: string, value: string, opts: SetOptions = {}): Promise<boolean> {
    checkTtl(opts.ttlMs);
    if (opts.ifAbsent && this.live(key)) return false;
    this.data.set(key, { value: String(value), expiresAt: opts.ttlMs ? this.clock() + opts.ttlMs : null });
    return true;
  }

  async del(key: string): Promise<void> {
    this.data.delete(key);
  }

  async hset(key: string, entries: Record<string, string>): Promise<void> {
    const fields = Object.entries(entries);
    if (fields.length === 0) return;
    const h = this.hash(key, true)!;
    for (const [f, v] of fields) h.set(f, String(v));
  }

  async hget(key: string, field: string): Promise<string | null> {
    return this.hash(key, false)?.get(field) ?? null;
  }

  async hmget(key: string, fields: readonly string[]): Promise<(string | null)[]> {
    const h = this.hash(key, false);
    return fields.map((f) => h?.get(f) ?? null);
  }

  async hgetall(key: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.hash(key, false) ?? []);
  }

  async hdel(key: string, fields: readonly string[]): Promise<void> {
    const h = this.hash(key, false);
    if (!h) return;
    for (const f of fields) h.delete(f);
    if (h.size === 0) this.data.delete(key);
  }

  async incr(key: string, by = 1): Promise<number> {
    const next = added(this.str(key), by, 'ERR value is not an integer or out of range');
    const entry = this.live(key);
    this.data.set(key, { value: String(next), expiresAt: entry?.expiresAt ?? null });
    return next;
  }

  async hincr(key: string, field: string, by = 1): Promise<number> {
    const h = this.hash(key, true)!;
    const next = added(h.get(field) ?? null, by, 'ERR hash value is not an integer');
    h.set(field, String(next));
    return next;
  }

  async hincrBelow(key: string, field: string, max: number, opts: { ttlMs?: number } = {}): Promise<boolean> {
    if (!Number.isSafeInteger(max)) throw new RangeError('max must be an integer');
    checkTtl(opts.ttlMs);
    if (added(this.hash(key, false)?.get(field) ?? null, 0, 'ERR hash value is not an integer') >= max) return false;
    await this.hincr(key, field, 1);
    if (opts.ttlMs !== undefined) this.data.get(key)!.expiresAt = this.clock() + opts.ttlMs;
    return true;
  }

  async lpushCapped(key: string, value: string, max: number): Promise<void> {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
    const entry = this.live(key);
    if (entry && !Array.isArray(entry.value)) throw wrongType();
    const list = (entry?.value as string[] | undefined) ?? [];
    list.unshift(String(value));
    if (list.length > max) list.length = Math.max(0, max);
    if (list.length === 0) this.data.delete(key);
    else if (!entry) this.data.set(key, { value: list, expiresAt: null });
  }

  async lrange(key: string, start: number, stop: number): Promise<string[]> {
    const entry = this.live(key);
    if (!entry) return [];
    if (!Array.isArray(entry.value)) throw wrongType();
    const list = entry.value;
    const from = start < 0 ? Math.max(0, list.length + start) : start;
    const to = stop < 0 ? list.length + stop : Math.min(stop, list.length - 1);
    return from > to ? [] : list.slice(from, to + 1);
  }

  async publish(channel: string, message: string): Promise<void> {
    const subs = [...(this.channels.get(channel) ?? [])];
    queueMicrotask(() => {
      for (const s of subs) {
        try {
          s.fn(message);
        } catch {
          // a subscriber's bug must not reach the publisher
        }
      }
    });
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const entry = { fn: listener };
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(entry);
    return async () => {
      set!.delete(entry);
    };
  }

  async close(): Promise<void> {
    this.channels.clear();
    await this.streams.close();
  }

  private live(key: string): Entry | null {
    const e = this.data.get(key);
    if (!e) return null;
    if (e.expiresAt !== null && e.expiresAt <= this.clock()) {
      this.data.delete(key);
      return null;
    }
    return e;
  }

  private str(key: string): string | null {
    const e = this.live(key);
    if (!e) return null;
    if (typeof e.value !== 'string') throw wrongType();
    return e.value;
  }

  private hash(key: string, create: boolean): Map<string, string> | null {
    const e = this.live(key);
    if (e && !(e.value instanceof Map)) throw wrongType();
    if (e) return e.value as Map<string, string>;
    if (!create) return null;
    const h = new Map<string, string>();
    this.data.set(key, { value: h, expiresAt: null });
    return h;
  }
}

/** Redis's integer arithmetic on a stored value: `current + by`, refusing text and overflow alike */
function added(current: string | null, by: number, notInteger: string): number {
  if (!Number.isSafeInteger(by)) throw new RangeError('incr step must be an integer');
  if (current !== null && !/^-?\d+$/.test(current)) throw new Error(notInteger);
  const next = Number(current ?? '0') + by;
  if (!Number.isSafeInteger(next)) throw new Error('ERR increment or decrement would overflow');
  return next;
}

function wrongType(): Error {
  return new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
}
