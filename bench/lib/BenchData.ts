/**
 * What the scenarios need to know about the loaded world, read from the same Redis the subgraphs
 * use (the registry the unification subgraph wrote, the ledger the feeds filled): SKUs, stores
 * with their POS codes, and positions with stock to sell or hold.
 */
import { availableToSell, type GeoPoint, type Location, type Position } from '@stockgraph/shared/domain';
import { createStores, type Stores } from '@stockgraph/shared/stores';
import { Registry } from '@stockgraph/shared/registry';
import { deleteByPrefix } from '@stockgraph/shared/testing';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { ledgerKeys, type LedgerKeys } from '@stockgraph/shared/ledger';
import type { RedisClient as Redis } from '@stockgraph/shared/redis';

export { seededRandom } from './seededRandom';

export interface StorePosition { sku: string; barcode: string; storeId: string; storeNo: string; available: number }

export class BenchData {
  private readonly keys: LedgerKeys;

  private constructor(private readonly stores: Stores, private readonly redis: Redis, readonly registry: Registry, readonly prefix: string) {
    this.keys = ledgerKeys(prefix);
  }

  static async open(redisUrl: string, prefix: string): Promise<BenchData> {
    const stores = await createStores(redisUrl, { prefix });
    const registry = new Registry(stores.kv);
    await registry.waitUntilReady(10_000);
    return new BenchData(stores, createRedisClient(redisUrl), registry, prefix);
  }

  get skuIds(): readonly string[] { return this.registry.skuIds(); }
  get storesList(): Location[] { return this.registry.allLocations().filter((l) => l.type === 'STORE'); }
  get dcs(): Location[] { return this.registry.allLocations().filter((l) => l.type === 'DISTRIBUTION_CENTER'); }

  /** store coordinates: asking "near a store" gives pickup options like a real shopper's query */
  nearPoints(count: number, rand: () => number): GeoPoint[] {
    const stores = this.storesList;
    return Array.from({ length: count }, () => stores[Math.floor(rand() * stores.length)]!.geo);
  }

  barcode(sku: string): string | undefined { return this.registry.localCode(sku, 'POS'); }

  positions(skus: readonly string[]): Promise<Position[][]> { return this.stores.ledger.getPositionsForSkus(skus); }

  /** DC positions that can take many one-unit holds without running dry */
  async holdablePositions(count: number, minAvailable: number, rand: () => number): Promise<{ sku: string; locationId: string }[]> {
    const dcIds = new Set(this.dcs.map((d) => d.id));
    const out: { sku: string; locationId: string }[] = [];
    const skus = this.shuffled(rand);
    for (let i = 0; i < skus.length && out.length < count; i += 200) {
      const batch = skus.slice(i, i + 200);
      (await this.positions(batch)).forEach((ps) => {
        const best = ps.filter((p) => dcIds.has(p.locationId)).sort((a, b) => availableToSell(b) - availableToSell(a))[0];
        if (best && availableToSell(best) >= minAvailable && out.length < count) out.push({ sku: best.sku, locationId: best.locationId });
      });
    }
    return out;
  }

  /** one store position per SKU (distinct SKUs) with stock a till can sell, and the codes the POS knows it by */
  async sellableStorePositions(count: number, rand: () => number, exclude: ReadonlySet<string> = new Set()): Promise<StorePosition[]> {
    const out: StorePosition[] = [];
    const skus = this.shuffled(rand).filter((s) => !exclude.has(s));
    for (let i = 0; i < skus.length && out.length < count; i += 200) {
      const batch = skus.slice(i, i + 200);
      (await this.positions(batch)).forEach((ps, j) => {
        const sku = batch[j]!;
        const barcode = this.barcode(sku);
        const p = ps.find((x) => availableToSell(x) >= 2 && this.registry.location(x.locationId)?.type === 'STORE');
        const storeNo = p && this.registry.locationCode(p.locationId, 'POS');
        if (p && barcode && storeNo && out.length < count) out.push({ sku, barcode, storeId: p.locationId, storeNo, available: availableToSell(p) });
      });
    }
    return out;
  }

  shuffled(rand: () => number): string[] {
    const a = [...this.skuIds];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }

  /** bytes per stored position, from MEMORY USAGE of sampled SKU hashes over their field counts */
  async sampledBytesPerPosition(samples: number, rand: () => number): Promise<{ bytesPerPosition: number; positions: number; skusSampled: number; encodings: string[] }> {
    const redis = this.redis;
    const skus = this.shuffled(rand).slice(0, samples);
    let bytes = 0;
    let fields = 0;
    const encodings = new Set<string>();
    for (const sku of skus) {
      const key = this.keys.positions(sku);
      const [usage, len, enc] = await Promise.all([redis.memory('USAGE', key, 'SAMPLES', 0), redis.hlen(key), redis.object('ENCODING', key)]);
      bytes += Number(usage ?? 0);
      fields += len;
      if (enc) encodings.add(String(enc));
    }
    let total = 0;
    for (let i = 0; i < this.skuIds.length; i += 500) {
      const batch = this.skuIds.slice(i, i + 500);
      const lens = await Promise.all(batch.map((s) => redis.hlen(this.keys.positions(s))));
      total += lens.reduce((a, b) => a + b, 0);
    }
    return { bytesPerPosition: fields ? Math.round((bytes / fields) * 10) / 10 : NaN, positions: total, skusSampled: skus.length, encodings: [...encodings] };
  }

  /** deletes every key of the run (all processes used the same prefix) */
  async cleanup(): Promise<number> {
    return deleteByPrefix(this.redis, this.prefix);
  }

  async close(): Promise<void> {
    await this.stores.close();
    await closeRedis(this.redis);
  }
}
