/**
 * Storefront traffic as a shop sees it, drawn afresh for every request: SKU popularity follows
 * Zipf(s) over the whole catalogue (a seeded shuffle decides which SKU has which rank), shoppers
 * sit at a fixed set of district-level points spread over the country (around the towns the
 * stores are in), and pages come in the storefront proportions 15 product : 4 category : 1 scan.
 * Everything is drawn from one seeded generator, so the same seed asks the same questions.
 */
import type { GeoPoint } from '@stockgraph/shared/domain';
import { seededRandom } from './seededRandom';

/** ranks 0…n−1 with P(k) ∝ 1/(k+1)^s, by binary search over the cumulative weights */
export function zipfSampler(n: number, s: number, rand: () => number): () => number {
  if (!(n >= 1) || !(s >= 0)) throw new Error(`zipf: need n ≥ 1 and s ≥ 0 (n=${n}, s=${s})`);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  return () => {
    const u = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface TrafficWorld {
  skuIds: readonly string[];
  stores: readonly { id: string; geo: GeoPoint }[];
  /** the POS barcode of a SKU, when it has one (a store associate scans it) */
  barcode(sku: string): string | undefined;
}

export interface TrafficOptions {
  seed: number;
  /** Zipf exponent of SKU popularity (1.0: the classic long tail) */
  zipfS: number;
  /** how many distinct places shoppers ask from */
  shopperPoints: number;
}

export type PageKind = 'product' | 'category' | 'scan';

/** one storefront question, before it is rendered for a contender */
export interface StorefrontAsk {
  kind: PageKind;
  skus: string[];
  near: GeoPoint;
  /** scans: the store the associate stands in and the code scanned */
  storeId?: string;
  code?: string;
}

/** about ±10 km: a district around a town */
const DISTRICT_DEG = 0.1;
export const CATEGORY_PAGE_SKUS = 20;
/** 15 product : 4 category : 1 scan */
const MIX: readonly PageKind[] = [...Array<PageKind>(15).fill('product'), ...Array<PageKind>(4).fill('category'), 'scan'];

/** The shoppers' points: each a store's town moved up to DISTRICT_DEG in each direction, seeded. */
export function shopperPoints(stores: readonly { geo: GeoPoint }[], count: number, rand: () => number): GeoPoint[] {
  if (stores.length === 0) throw new Error('no stores to place shoppers around');
  const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return Array.from({ length: count }, () => {
    const { lat, lng } = stores[Math.floor(rand() * stores.length)]!.geo;
    return { lat: round4(lat + (rand() * 2 - 1) * DISTRICT_DEG), lng: round4(lng + (rand() * 2 - 1) * DISTRICT_DEG) };
  });
}

/**
 * The world's popularity order (fixed by the seed, shared by every stream drawn from it), and
 * streams of questions and of changed SKUs that follow it.
 */
export class RealisticTraffic {
  /** SKU ids, most popular first */
  readonly byPopularity: readonly string[];
  readonly points: readonly GeoPoint[];
  private readonly scannable: readonly string[];

  constructor(private readonly world: TrafficWorld, private readonly o: TrafficOptions) {
    const rand = seededRandom(o.seed);
    const order = [...world.skuIds];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    this.byPopularity = order;
    this.points = shopperPoints(world.stores, o.shopperPoints, rand);
    this.scannable = order.filter((s) => world.barcode(s) !== undefined);
  }

  /** A stream of SKUs by popularity (for stock changes: what sells is what is looked at). */
  skuStream(stream: number): () => string {
    const rank = zipfSampler(this.byPopularity.length, this.o.zipfS, seededRandom(this.streamSeed(stream)));
    return () => this.byPopularity[rank()]!;
  }

  /**
   * A stream of questions of one kind, or the mix. Stream numbers give independent streams of the
   * same seed: the same stream number always yields the same questions in the same order.
   */
  askStream(kind: PageKind | 'mix', stream: number): () => StorefrontAsk {
    const rand = seededRandom(this.streamSeed(stream));
    const rank = zipfSampler(this.byPopularity.length, this.o.zipfS, rand);
    const scanRank = zipfSampler(Math.max(1, this.scannable.length), this.o.zipfS, rand);
    const point = () => this.points[Math.floor(rand() * this.points.length)]!;
    const distinctSkus = (n: number) => {
      const picked = new Set<string>();
      while (picked.size < Math.min(n, this.byPopularity.length)) picked.add(this.byPopularity[rank()]!);
      return [...picked];
    };
    const one = (k: PageKind): StorefrontAsk => {
      if (k === 'product') return { kind: k, skus: distinctSkus(1), near: point() };
      if (k === 'category') return { kind: k, skus: distinctSkus(CATEGORY_PAGE_SKUS), near: point() };
      const sku = this.scannable[scanRank()];
      if (!sku) throw new Error('no SKU has a POS barcode: nothing to scan');
      const store = this.world.stores[Math.floor(rand() * this.world.stores.length)]!;
      return { kind: k, skus: [sku], near: store.geo, storeId: store.id, code: this.world.barcode(sku)! };
    };
    return kind === 'mix' ? () => one(MIX[Math.floor(rand() * MIX.length)]!) : () => one(kind);
  }

  private streamSeed(stream: number): number {
    return (this.o.seed * 1_000_003 + stream * 7919 + 1) | 0;
  }
}
