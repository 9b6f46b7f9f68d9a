import { LRUCache } from 'lru-cache';
import type { Position } from '../domain';
import { ANY_POSITION, type PositionKey, type StockLedger } from './StockLedger';

export interface PositionCacheOptions {
  /** what the cached positions may take on the heap, in bytes (an estimate per position: see positionBytes) */
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

/** 64 MB: about 2,800 SKUs of 110 positions each (210 bytes a position, measured) */
export const DEFAULT_POSITION_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A process-local cache of every position of a SKU, in front of the ledger, least recently used
 * first out within a byte bound. The ledger's change events (Redis pub/sub across processes) drop
 * a SKU's entry at once, so a reader never sees a figure older than the last committed change plus
 * the invalidation delay.
 *
 * Races: a fill reads the ledger, and the SKU may change before the answer comes back. Each SKU has
 * a generation, raised by its change event, and the cache an epoch, raised when everything is
 * dropped; a fill notes both before it reads and is kept only if neither moved (it is still served
 * to the request that read it: it is as fresh as the read).
 */
export class PositionCache {
  private readonly entries: LRUCache<string, Position[]>;
  private readonly generation = new Map<string, number>();
  private epoch = 0;
  private unsubscribe: (() => void) | null;
  private readonly listeners = new Set<(skus: readonly string[] | null) => void>();
  hits = 0;
  misses = 0;
  racesSkipped = 0;
  evictions = 0;

  constructor(private readonly ledger: Pick<StockLedger, 'onChange' | 'getPositionsForSkus'>, opts: PositionCacheOptions = {}) {
    this.entries = new LRUCache<string, Position[]>({
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
      // only SKUs someone may be filling need a generation: a SKU never read has none to race
      this.generation.set(sku, (this.generation.get(sku) ?? 0) + 1);
    }
    for (const l of this.listeners) l(skus);
  }

  clear(): void {
    this.epoch++;
    this.generation.clear();
    this.entries.clear();
    for (const l of this.listeners) l(null);
  }

  /** The cached positions of a SKU, or undefined (counted as a hit or a miss). */
  peek(sku: string): Position[] | undefined {
    const hit = this.entries.get(sku);
    if (hit) this.hits++;
    return hit;
  }

  /**
   * Every position of each SKU, in order: cached ones free, the rest in one ledger round trip.
   * SKUs in `readThrough` come from the ledger whatever is cached (and refresh the cache).
   */
  async positionsForSkus(skus: readonly string[], readThrough?: ReadonlySet<string>): Promise<Position[][]> {
    const out: Position[][] = new Array(skus.length);
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
    const gens = missing.map((s) => this.generation.get(s) ?? 0);
    const fetched = await this.ledger.getPositionsForSkus(missing);
    fetched.forEach((positions, j) => {
      const sku = missing[j];
      out[missingIdx[j]] = positions;
      if (this.epoch === epoch && (this.generation.get(sku) ?? 0) === gens[j]) this.entries.set(sku, positions);
      else this.racesSkipped++;
    });
    return out;
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
 * What a SKU's entry holds on the heap, roughly: measured with --expose-gc on positions decoded
 * from Redis (an object of nine fields, its location id string, a `held` record when the position
 * has holds), plus the array and the cache's own bookkeeping.
 */
export function entryBytes(sku: string, positions: readonly Position[]): number {
  let bytes = 160 + 2 * sku.length + 8 * positions.length;
  for (const p of positions) bytes += positionBytes(p);
  return bytes;
}

function positionBytes(p: Position): number {
  return POSITION_BYTES + (p.held ? HELD_BYTES : 0);
}
const POSITION_BYTES = 190;
const HELD_BYTES = 120;
