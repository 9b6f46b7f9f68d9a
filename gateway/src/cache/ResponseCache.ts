/** One cached answer: the exact bytes the gateway sent, and what they depend on. */
export interface CachedResponse {
  body: string;
  contentType: string;
  operationName: string | null;
  /** the SKUs whose positions the answer was computed from */
  tags: readonly string[];
  /** caching headers sent with it (cdnHeaders) */
  headers?: Readonly<Record<string, string>>;
}

interface Entry extends CachedResponse {
  expiresAt: number;
  bytes: number;
}

export interface ResponseCacheOptions {
  /** the bodies and keys kept, in bytes (UTF-16 length × 2, roughly what V8 holds) */
  maxBytes: number;
  /** an answer is dropped this long after it was stored, whatever happened */
  ttlMs: number;
  now?: () => number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  stores: number;
  /** answers not kept because something they depend on changed while they were computed */
  racesSkipped: number;
  invalidatedEntries: number;
  flushes: number;
  /** misses answered by another request's answer to the same question, computed meanwhile */
  coalesced: number;
  /** answers not kept because their question had not been asked before (see `seenBefore`) */
  firstAsked: number;
  /** requests not looked up: their operation's text can never be kept (WholeAnswers.planned) */
  unkeepable: number;
  entries: number;
  bytes: number;
}

/**
 * The gateway's cache of stock answers. Entries are dropped by what changed, not by age: the
 * ledger's change events name the SKUs (tags) whose answers must go, and a flush drops all (a
 * missed event, a new catalogue, a legacy system going down or up). A TTL only bounds what no
 * event covers.
 *
 * Races: an answer computed while its SKU changed may hold the old figure. Every invalidation
 * bumps an epoch; a request notes the epoch when it starts, and its answer is kept only if none
 * of its tags (and no flush) has been invalidated since. After a flush, answers are also refused
 * for `quietMs`, the time the subgraphs' own short caches (health, registry) may still serve the
 * old state.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byTag = new Map<string, Set<string>>();
  /** epoch and time of each tag's last invalidation; pruned by raising `floorEpoch` */
  private readonly tagEpoch = new Map<string, { epoch: number; at: number }>();
  private flushedAt = -Infinity;
  private epoch = 0;
  /** a request that started at or before this epoch stores nothing */
  private floorEpoch = 0;
  private quietUntil = 0;
  private bytes = 0;
  private readonly now: () => number;
  /** questions being answered now: whoever asks the same meanwhile waits for that answer */
  private readonly pending = new Map<string, { promise: Promise<CachedResponse | undefined>; resolve: (v: CachedResponse | undefined) => void }>();
  readonly stats: Omit<ResponseCacheStats, 'entries' | 'bytes'> = { hits: 0, misses: 0, stores: 0, racesSkipped: 0, invalidatedEntries: 0, flushes: 0, coalesced: 0, firstAsked: 0, unkeepable: 0 };
  /** a 32-bit hash of each question answered lately, one per slot (a newer one takes the slot) */
  private readonly doorkeeper = new Uint32Array(DOORKEEPER_SLOTS);

  constructor(private readonly o: ResponseCacheOptions) {
    this.now = o.now ?? Date.now;
    // what changed just before this process listened is unknown: as after a flush
    this.flushedAt = this.now();
  }

  /** what a request notes before it is answered, to hand back to `set` */
  startEpoch(): number {
    return this.epoch;
  }

  get(key: string): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e) {
      this.stats.misses++;
      return undefined;
    }
    if (e.expiresAt <= this.now()) {
      this.remove(key, e);
      this.stats.misses++;
      return undefined;
    }
    // least recently used goes first: a hit moves to the back of the Map's order
    this.entries.delete(key);
    this.entries.set(key, e);
    this.stats.hits++;
    return e;
  }

  /**
   * After a miss: null when this request is the one to answer `key` (it must call `settle`), else
   * the answer another request in flight will settle with: one that the cache keeps (then as
   * fresh as a hit a moment later would be), or undefined (not cacheable, or raced a change),
   * and the caller answers itself.
   */
  join(key: string): Promise<CachedResponse | undefined> | null {
    const p = this.pending.get(key);
    if (p) return p.promise.then((v) => (v && this.stats.coalesced++, v));
    let resolve!: (v: CachedResponse | undefined) => void;
    const promise = new Promise<CachedResponse | undefined>((r) => (resolve = r));
    this.pending.set(key, { promise, resolve });
    return null;
  }

  /** The answering request is done: `kept` is what `set` kept (undefined if nothing). */
  settle(key: string, kept: CachedResponse | undefined): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    p.resolve(kept);
  }

  /**
   * Whether this question was answered lately (and notes that it is now). A question asked once
   * is not worth keeping: on storefront traffic drawn over a whole catalogue nearly every question
   * is new, and keeping each answer would only churn memory (the admission idea of TinyLFU's
   * doorkeeper, with one hash per slot instead of a Bloom filter: a collision forgets a question,
   * never admits a wrong one, since the key itself is still what a hit is looked up by).
   */
  seenBefore(key: string): boolean {
    const h = fnv1a(key) | 1;
    const slot = h & (DOORKEEPER_SLOTS - 1);
    if (this.doorkeeper[slot] === h >>> 0) return true;
    this.doorkeeper[slot] = h;
    this.stats.firstAsked++;
    return false;
  }

  /** Whether an answer computed since `startEpoch` from these tags is still current (nothing it depends on changed). */
  fresh(tags: readonly string[], startEpoch: number): boolean {
    if (startEpoch < this.floorEpoch || this.now() < this.quietUntil || tags.some((t) => (this.tagEpoch.get(t)?.epoch ?? -1) > startEpoch)) {
      this.stats.racesSkipped++;
      return false;
    }
    return true;
  }

  /** Keeps an answer unless something it depends on changed since `startEpoch`; true if kept. */
  set(key: string, value: CachedResponse, startEpoch: number): boolean {
    if (!this.fresh(value.tags, startEpoch)) return false;
    const bytes = 2 * (key.length + value.body.length) + 64 * (1 + value.tags.length);
    if (bytes > this.o.maxBytes / 4) return false;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    while (this.bytes + bytes > this.o.maxBytes) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [string, Entry];
      this.remove(oldestKey, oldest);
    }
    this.entries.set(key, { ...value, expiresAt: this.now() + this.o.ttlMs, bytes });
    this.bytes += bytes;
    for (const t of value.tags) {
      let keys = this.byTag.get(t);
      if (!keys) this.byTag.set(t, (keys = new Set()));
      keys.add(key);
    }
    this.stats.stores++;
    return true;
  }

  /** The SKUs changed: their answers go, and answers being computed for them are not kept. */
  invalidate(tags: Iterable<string>): void {
    this.epoch++;
    const at = this.now();
    for (const t of tags) {
      this.tagEpoch.set(t, { epoch: this.epoch, at });
      const keys = this.byTag.get(t);
      if (!keys) continue;
      for (const key of keys) {
        const e = this.entries.get(key);
        if (e) {
          this.remove(key, e);
          this.stats.invalidatedEntries++;
        }
      }
    }
    // the epochs only matter to requests in flight: past a bound, forget them all at once
    if (this.tagEpoch.size > 200_000) {
      this.tagEpoch.clear();
      this.floorEpoch = this.epoch;
      this.flushedAt = at;
    }
  }

  /**
   * Of `tags`, those invalidated here within the last `withinMs` (all of them shortly after a
   * flush): the SKUs whose change another process may not have seen yet.
   */
  recentlyChanged(tags: readonly string[], withinMs: number): string[] {
    const since = this.now() - withinMs;
    if (this.flushedAt >= since) return [...tags];
    return tags.filter((t) => (this.tagEpoch.get(t)?.at ?? -Infinity) >= since);
  }

  /** Everything goes; nothing in flight is kept, nor anything for `quietMs`. */
  flush(quietMs = 0): void {
    this.epoch++;
    this.floorEpoch = this.epoch;
    this.tagEpoch.clear();
    this.flushedAt = this.now();
    this.quietUntil = Math.max(this.quietUntil, this.now() + quietMs);
    this.entries.clear();
    this.byTag.clear();
    this.bytes = 0;
    this.stats.flushes++;
  }

  snapshot(): ResponseCacheStats {
    return { ...this.stats, entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.bytes;
    for (const t of e.tags) {
      const keys = this.byTag.get(t);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.byTag.delete(t);
    }
  }
}

/** questions remembered by the doorkeeper (a power of two): 64 K slots, 256 KB */
const DOORKEEPER_SLOTS = 1 << 16;

/** FNV-1a over the UTF-16 code units, 32 bits */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
