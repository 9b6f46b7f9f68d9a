import { LRUCache } from 'lru-cache';
import { PackedPositions } from './PackedPositions';
import { ANY_POSITION, type PositionKey, type StockLedger } from './StockLedger';

export interface PositionCacheOptions {
  /** what the cached positions may take, in bytes (each SKU's packed buffer and a fixed overhead: see entryBytes) */
  maxBytes?: number;
}

export interface PositionCacheStats {
  hits: number;
  misses: number;
  /** fills not kept because the SKU changed (or everything was dropped) while they were read */
  racesSkipped: number;
  evictions: number;
  entries: number;
  bytes: number;
}

/** What the cache reads: the packed read when the ledger has one (both ledgers do), else packs what it gets. */
export type PositionCacheLedger = Pick<StockLedger, 'onChange' | 'getPositionsForSkus'> & Partial<Pick<StockLedger, 'getPackedPositionsForSkus'>>;

/**
 * 64 MB: about 10,500 SKUs of 200 positions each. Such a SKU takes about 6,400 bytes, measured
 * (scripts/positionCacheMemory.ts, 4,000 SKUs): a 5,800-byte packed buffer off the heap (29 bytes
 * a position, with Int16 counts) and some 580 bytes of heap objects, 7 of them. With Int32 counts
 * it took 9,950 bytes (about 6,700 SKUs in 64 MB); as Position objects 44,400 bytes (222 a
 * position) in some 1,400 objects.
 */
export const DEFAULT_POSITION_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A process-local cache of every position of a SKU, in front of the ledger, least recently used
 * first out within a byte bound. The ledger's change events (Redis pub/sub across processes) drop
 * a SKU's entry at once, so a reader never sees a figure older than the last committed change plus
 * the invalidation delay.
 *
 * Races: a fill reads the ledger, and the SKU may change before the answer comes back. Each SKU
 * being filled has a generation, raised by its change event, and the cache an epoch, raised when
 * everything is dropped; a fill notes both before it reads and is kept only if neither moved (it
 * is still served to the request that read it: it is as fresh as the read). A SKU's generation is
 * forgotten when its last fill in flight ends, so the bookkeeping holds what is in flight, not
 * every SKU that ever changed.
 */
export class PositionCache {
  private readonly entries: LRUCache<string, PackedPositions>;
  /** per SKU being filled now: its generation (raised by each change event) and the fills in flight */
  private readonly filling = new Map<string, { generation: number; reads: number }>();
  private epoch = 0;
  private unsubscribe: (() => void) | null;
  private readonly listeners = new Set<(skus: readonly string[] | null) => void>();
  hits = 0;
  misses = 0;
  racesSkipped = 0;
  evictions = 0;

  constructor(private readonly ledger: PositionCacheLedger, opts: PositionCacheOptions = {}) {
    this.entries = new LRUCache<string, PackedPositions>({
      maxSize: opts.maxBytes ?? DEFAULT_POSITION_CACHE_BYTES,
      sizeCalculation: (positions, sku) => entryBytes(sku, positions),
      dispose: (_v, _k, reason) => { if (reason === 'evict') this.evictions++; },
    });
    this.unsubscribe = ledger.onChange((keys) => this.invalidate(keys));
  }

  /** Called after each invalidation with the SKUs dropped (null: everything). */
  onInvalidate(listener: (skus: readonly string[] | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  invalidate(keys: readonly PositionKey[]): void {
    if (keys.some((k) => k.sku === ANY_POSITION.sku)) return this.clear();
    const skus = [...new Set(keys.map((k) => k.sku))];
    for (const sku of skus) {
      this.entries.delete(sku);
      // only SKUs being filled need a generation: one not read now has no fill to race
      const f = this.filling.get(sku);
      if (f) f.generation++;
    }
    for (const l of this.listeners) l(skus);
  }

  clear(): void {
    this.epoch++;
    this.entries.clear();
    for (const l of this.listeners) l(null);
  }

  /** The cached positions of a SKU, or undefined (counted as a hit or a miss). */
  peek(sku: string): PackedPositions | undefined {
    const hit = this.entries.get(sku);
    if (hit) this.hits++;
    return hit;
  }

  /**
   * Every position of each SKU, in order: cached ones free, the rest in one ledger round trip.
   * SKUs in `readThrough` come from the ledger whatever is cached (and refresh the cache).
   */
  async positionsForSkus(skus: readonly string[], readThrough?: ReadonlySet<string>): Promise<PackedPositions[]> {
    const out: PackedPositions[] = new Array(skus.length);
    const missing: string[] = [];
    const missingIdx: number[] = [];
    skus.forEach((sku, i) => {
      const hit = readThrough?.has(sku) ? undefined : this.entries.get(sku);
      if (hit) { out[i] = hit; this.hits++; }
      else { missing.push(sku); missingIdx.push(i); }
    });
    if (missing.length === 0) return out;
    this.misses += missing.length;
    const epoch = this.epoch;
    const fills = missing.map((sku) => {
      let f = this.filling.get(sku);
      if (!f) this.filling.set(sku, (f = { generation: 0, reads: 0 }));
      f.reads++;
      return { f, generation: f.generation };
    });
    try {
      const fetched = await this.read(missing);
      fetched.forEach((positions, j) => {
        out[missingIdx[j]!] = positions;
        const { f, generation } = fills[j]!;
        if (this.epoch === epoch && f.generation === generation) this.entries.set(missing[j]!, positions);
        else this.racesSkipped++;
      });
    } finally {
      // a SKU's generation lives only while it is being filled: the map holds SKUs in flight, not every SKU that ever changed
      fills.forEach(({ f }, j) => { if (--f.reads === 0) this.filling.delete(missing[j]!); });
    }
    return out;
  }

  /** SKUs with a fill in flight (what the race bookkeeping holds) */
  get fillsInFlight(): number {
    return this.filling.size;
  }

  private async read(skus: readonly string[]): Promise<PackedPositions[]> {
    if (this.ledger.getPackedPositionsForSkus) return this.ledger.getPackedPositionsForSkus(skus);
    return (await this.ledger.getPositionsForSkus(skus)).map((positions, i) => PackedPositions.fromPositions(skus[i]!, positions));
  }

  stats(): PositionCacheStats {
    return { hits: this.hits, misses: this.misses, racesSkipped: this.racesSkipped, evictions: this.evictions, entries: this.entries.size, bytes: this.entries.calculatedSize };
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listeners.clear();
  }
}

/**
 * What a SKU's entry takes: its packed buffer (off the heap), and the objects around it (the
 * PackedPositions, its ArrayBuffer and four views, the key, the cache's bookkeeping), measured
 * with --expose-gc (scripts/positionCacheMemory.ts).
 */
export function entryBytes(sku: string, positions: PackedPositions): number {
  return ENTRY_BYTES + 2 * sku.length + positions.byteLength;
}
const ENTRY_BYTES = 560;
