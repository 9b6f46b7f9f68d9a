import type { Position } from '../domain';
import { ANY_POSITION, type PositionKey, type StockLedger } from './StockLedger';

/**
 * A process-local cache of every position of a SKU, in front of the ledger. The ledger's change
 * events (Redis pub/sub across processes) drop a SKU's entry at once, so a reader never sees a
 * figure older than the last committed change plus the invalidation delay. A read that raced an
 * invalidation is served but not kept (generation check).
 */
export class PositionCache {
  private readonly entries = new Map<string, Position[]>();
  private readonly generation = new Map<string, number>();
  private unsubscribe: (() => void) | null;
  hits = 0;
  misses = 0;

  constructor(private readonly ledger: StockLedger, private readonly maxSkus = 50_000) {
    this.unsubscribe = ledger.onChange((keys) => this.invalidate(keys));
  }

  invalidate(keys: readonly PositionKey[]): void {
    if (keys.some((k) => k.sku === ANY_POSITION.sku)) return this.clear();
    for (const k of keys) {
      this.entries.delete(k.sku);
      this.generation.set(k.sku, (this.generation.get(k.sku) ?? 0) + 1);
    }
  }

  clear(): void {
    for (const sku of this.entries.keys()) this.generation.set(sku, (this.generation.get(sku) ?? 0) + 1);
    this.entries.clear();
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
    const gens = missing.map((s) => this.generation.get(s) ?? 0);
    const fetched = await this.ledger.getPositionsForSkus(missing);
    fetched.forEach((positions, j) => {
      const sku = missing[j];
      out[missingIdx[j]] = positions;
      if ((this.generation.get(sku) ?? 0) === gens[j]) this.remember(sku, positions);
    });
    return out;
  }

  private remember(sku: string, positions: Position[]): void {
    if (this.entries.size >= this.maxSkus) {
      // Map keeps insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(sku, positions);
  }

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
