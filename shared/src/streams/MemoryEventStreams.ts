import { checkRetention, compareStreamIds, DEFAULT_STREAM_RETENTION, type ConsumerDefaults, type EventStreams, type PendingSummary, type StreamEntry, type StreamReadOptions } from './EventStreams';

interface Pending { consumer: string; deliveredAt: number }
interface Group { lastDelivered: string; pending: Map<string, Pending> }
interface Stream { entries: StreamEntry[]; lastMs: number; lastSeq: number; groups: Map<string, Group>; waiters: Set<() => void> }

/**
 * The embedded stream store: Redis Streams semantics (ids, consumer groups, pending lists,
 * idle-time claims, trimming) in process memory, for the one-process stack without Redis.
 */
export class MemoryEventStreams implements EventStreams {
  readonly retention: number;
  readonly consumerDefaults: ConsumerDefaults;
  private readonly streams = new Map<string, Stream>();
  private readonly clock: () => number;
  private closed = false;
  private readonly released = new Set<string>();

  constructor(opts: { retention?: number; clock?: () => number; consumerDefaults?: ConsumerDefaults } = {}) {
    this.retention = checkRetention(opts.retention ?? DEFAULT_STREAM_RETENTION);
    this.consumerDefaults = opts.consumerDefaults ?? {};
    this.clock = opts.clock ?? Date.now;
  }

  async append(stream: string, sourceId: string, body: string): Promise<string> {
    const s = this.stream(stream);
    const now = this.clock();
    if (now > s.lastMs) { s.lastMs = now; s.lastSeq = 0; } else s.lastSeq++;
    const id = `${s.lastMs}-${s.lastSeq}`;
    s.entries.push({ id, sourceId, body });
    // trimmed entries stay in pending lists, as in Redis: a claim then drops them
    if (s.entries.length > this.retention) s.entries.splice(0, s.entries.length - this.retention);
    for (const wake of [...s.waiters]) wake();
    return id;
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    const s = this.stream(stream);
    if (!s.groups.has(group)) s.groups.set(group, { lastDelivered: '0-0', pending: new Map() });
  }

  async readNew(stream: string, group: string, consumer: string, opts: StreamReadOptions = {}): Promise<StreamEntry[]> {
    const s = this.stream(stream);
    const g = this.group(s, stream, group);
    const count = opts.count ?? 100;
    let out = this.deliver(s, g, consumer, count);
    if (out.length === 0 && (opts.blockMs ?? 0) > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const wake = () => { clearTimeout(timer); s.waiters.delete(wake); resolve(); };
        const timer = setTimeout(wake, opts.blockMs);
        s.waiters.add(wake);
      });
      if (this.released.delete(`${stream}\u0000${group}\u0000${consumer}`)) return [];
      out = this.deliver(s, this.group(s, stream, group), consumer, count);
    }
    return out;
  }

  async readOwnPending(stream: string, group: string, consumer: string, count = 100): Promise<StreamEntry[]> {
    const s = this.stream(stream);
    const g = this.group(s, stream, group);
    const ids = [...g.pending].filter(([, p]) => p.consumer === consumer).map(([id]) => id).sort(compareStreamIds).slice(0, count);
    const now = this.clock();
    // Redis answers a trimmed pending entry with empty fields; here it is simply left out
    return ids.flatMap((id) => {
      g.pending.get(id)!.deliveredAt = now;
      const e = this.find(s, id);
      return e ? [e] : [];
    });
  }

  async claimIdle(stream: string, group: string, consumer: string, minIdleMs: number, count = 100): Promise<StreamEntry[]> {
    const s = this.stream(stream);
    const g = this.group(s, stream, group);
    const now = this.clock();
    const out: StreamEntry[] = [];
    for (const id of [...g.pending.keys()].sort(compareStreamIds)) {
      if (out.length >= count) break;
      const p = g.pending.get(id)!;
      if (now - p.deliveredAt < minIdleMs) continue;
      const e = this.find(s, id);
      // XAUTOCLAIM drops a trimmed entry from the pending list
      if (!e) { g.pending.delete(id); continue; }
      g.pending.set(id, { consumer, deliveredAt: now });
      out.push(e);
    }
    return out;
  }

  async ack(stream: string, group: string, ids: readonly string[]): Promise<number> {
    const g = this.streams.get(stream)?.groups.get(group);
    if (!g) return 0;
    let n = 0;
    for (const id of ids) if (g.pending.delete(id)) n++;
    return n;
  }

  async pending(stream: string, group: string): Promise<PendingSummary> {
    const g = this.group(this.stream(stream), stream, group);
    const now = this.clock();
    const per = new Map<string, number>();
    let oldest: Pending | null = null;
    let oldestId: string | null = null;
    for (const [id, p] of g.pending) {
      per.set(p.consumer, (per.get(p.consumer) ?? 0) + 1);
      if (oldestId === null || compareStreamIds(id, oldestId) < 0) { oldestId = id; oldest = p; }
    }
    return {
      count: g.pending.size,
      oldestIdleMs: oldest ? Math.max(0, now - oldest.deliveredAt) : 0,
      consumers: [...per].map(([name, pending]) => ({ name, pending })).sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  async range(stream: string, afterId: string, count: number): Promise<StreamEntry[]> {
    const s = this.streams.get(stream);
    if (!s) return [];
    const from = indexAfter(s.entries, afterId);
    return s.entries.slice(from, from + count);
  }

  async length(stream: string): Promise<number> {
    return this.streams.get(stream)?.entries.length ?? 0;
  }

  async release(stream: string, group: string, consumer: string): Promise<void> {
    // a read blocked for that consumer returns empty at once; others woken too simply read again
    const s = this.streams.get(stream);
    if (!s) return;
    this.released.add(`${stream}\u0000${group}\u0000${consumer}`);
    for (const wake of [...s.waiters]) wake();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.streams.values()) for (const wake of [...s.waiters]) wake();
  }

  private deliver(s: Stream, g: Group, consumer: string, count: number): StreamEntry[] {
    const from = indexAfter(s.entries, g.lastDelivered);
    const out = s.entries.slice(from, from + count);
    const now = this.clock();
    for (const e of out) g.pending.set(e.id, { consumer, deliveredAt: now });
    if (out.length) g.lastDelivered = out[out.length - 1]!.id;
    return out;
  }

  private find(s: Stream, id: string): StreamEntry | undefined {
    const i = indexAfter(s.entries, id) - 1;
    return i >= 0 && s.entries[i]!.id === id ? s.entries[i] : undefined;
  }

  private stream(name: string): Stream {
    let s = this.streams.get(name);
    if (!s) {
      s = { entries: [], lastMs: 0, lastSeq: 0, groups: new Map(), waiters: new Set() };
      this.streams.set(name, s);
    }
    return s;
  }

  private group(s: Stream, stream: string, group: string): Group {
    const g = s.groups.get(group);
    // Redis: NOGROUP No such key '…' or consumer group '…'
    if (!g) throw new Error(`NOGROUP no consumer group '${group}' on stream '${stream}'`);
    return g;
  }
}

/** the index of the first entry whose id is above `id` (entries are in id order) */
function indexAfter(entries: readonly StreamEntry[], id: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareStreamIds(entries[mid]!.id, id) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
