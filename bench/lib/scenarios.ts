/**
 * The throughput scenarios: what each asks, who asks it, and which contenders can answer it.
 * Requests are built once per run from the loaded world (seeded), then rendered per contender:
 * a gateway gets the client's API key, the unification subgraph called directly gets the signed
 * identity the gateway would have sent, the ceiling gets the bare SKU.
 */
import { IDENTITY_HEADER, signIdentity } from '@stockgraph/shared/auth';
import type { GatewayAuth } from '../../scripts/separateStack';
import { seededRandom, type BenchData } from './BenchData';
import { identityFor, KEYS } from './benchKeys';
import { cleanGraphQLAnswer, graphqlRequest, type LoadRequest } from './loadTest';
import { HOLD_CART, PARTNER_STOCK, PRODUCT_AVAILABILITY, ROUTE_ORDER, SCAN_BARCODE } from './operations';
import { RealisticTraffic, type PageKind, type StorefrontAsk, type TrafficOptions } from './realisticTraffic';

export type ContenderKind = 'gateway' | 'direct' | 'ceiling';
export interface Contender { name: string; kind: ContenderKind; origin: string; pid: number }

export interface Ask { query: string; variables: Record<string, unknown>; apiKey?: string }

export interface Scenario {
  name: string;
  title: string;
  contenders: string[];
  /** the questions, replayed in turn; for a drawn scenario, a sample of what it draws (for the probe) */
  asks: Ask[];
  /**
   * Drawn scenarios: a fresh question for every request, from a seeded stream (the same stream
   * number gives every contender the same questions in the same order)
   */
  draw?: (stream: number) => () => Ask;
  /** drawn scenarios: which SKU the next stock change is on (by the same popularity) */
  churnSkus?: (stream: number) => () => string;
  verify: (body: string) => boolean;
  /** writes stock itself (holds, orders): no extra changes are made under it */
  mutates?: boolean;
  /** only for mutations that depend on work in progress: a failing probe skips, not fails, the scenario */
  skipOnProbeFailure?: boolean;
}

export const SCENARIO_NAMES = ['single', 'category', 'scan', 'partner', 'mix', 'hold', 'route'] as const;
const RADIUS_KM = 25;

export async function buildScenarios(data: BenchData, auth: GatewayAuth, seed: number): Promise<Scenario[]> {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const skus = data.skuIds;
  const nearPoints = data.nearPoints(64, rand);
  const availability = (n: number): Ask => ({
    query: PRODUCT_AVAILABILITY,
    variables: { skus: Array.from({ length: n }, () => pick(skus)), channel: 'DTC', near: pick(nearPoints), radiusKm: RADIUS_KM },
  });
  const single = Array.from({ length: 256 }, () => availability(1));
  const category = Array.from({ length: 128 }, () => availability(20));
  const stores = data.storesList;
  const scan = Array.from({ length: 256 }, (): Ask => {
    let sku = pick(skus);
    while (!data.barcode(sku)) sku = pick(skus);
    const store = pick(stores);
    return { query: SCAN_BARCODE, variables: { system: 'POS', code: data.barcode(sku), storeId: store.id, near: store.geo }, apiKey: KEYS.clienteling };
  });
  const partnerSkus = auth.assortments['bench-partner'] ?? [];
  const partner = Array.from({ length: 64 }, (): Ask => ({
    query: PARTNER_STOCK, variables: { skus: Array.from({ length: 100 }, () => pick(partnerSkus)), channel: 'MARKETPLACE' }, apiKey: KEYS.partner,
  }));
  // storefront proportions: 15 product pages, 4 category pages, 1 store associate's scan in every 20
  const mix = Array.from({ length: 200 }, (_, i): Ask => (i % 20 < 15 ? single[i % single.length]! : i % 20 < 19 ? category[i % category.length]! : scan[i % scan.length]!));
  const holdable = await data.holdablePositions(300, 400, rand);
  const hold = Array.from({ length: 256 }, (): Ask => {
    const p = pick(holdable);
    return { query: HOLD_CART, variables: { input: { channel: 'DTC', lines: [{ sku: p.sku, locationId: p.locationId, quantity: 1 }], ttlSeconds: 30 } }, apiKey: KEYS.storefront };
  });
  const route = Array.from({ length: 64 }, (): Ask => ({
    query: ROUTE_ORDER,
    variables: { input: { channel: 'DTC', destination: pick(nearPoints), lines: [{ sku: pick(skus), quantity: 1 }, { sku: pick(skus), quantity: 1 }], reserve: false } },
    apiKey: KEYS.orders,
  }));
  const gateways = ['ours', 'hive', 'hive-rust'];
  /** read scenarios also run against our gateway with its stock cache off */
  const readers = ['ours', 'uncached', 'hive', 'hive-rust'];
  return [
    { name: 'single', title: 'ProductAvailability, 1 SKU near a point (product page)', contenders: [...readers, 'direct', 'ceiling'], asks: single, verify: cleanGraphQLAnswer },
    { name: 'category', title: 'ProductAvailability, 20 SKUs near a point (category page)', contenders: [...readers, 'direct'], asks: category, verify: cleanGraphQLAnswer },
    { name: 'scan', title: 'ScanBarcode (clienteling)', contenders: gateways, asks: scan, verify: cleanGraphQLAnswer },
    { name: 'partner', title: `PartnerStock, 100 SKUs (partner key, ${partnerSkus.length}-SKU assortment)`, contenders: [...gateways, 'direct'], asks: partner, verify: cleanGraphQLAnswer },
    { name: 'mix', title: 'Storefront mix (75% product, 20% category, 5% scan)', contenders: readers, asks: mix, verify: cleanGraphQLAnswer },
    { name: 'hold', title: `HoldCart, 1 unit at one of ${holdable.length} DC positions, TTL 30 s`, contenders: gateways, asks: hold, verify: cleanGraphQLAnswer, mutates: true },
    { name: 'route', title: 'RouteOrder, 2 lines, no reservation', contenders: gateways, asks: route, verify: (b) => cleanGraphQLAnswer(b) && !b.includes('"plan":null'), skipOnProbeFailure: true, mutates: true },
  ];
}

export const REALISTIC_SCENARIO_NAMES = ['realistic-product', 'realistic-category', 'realistic-mix'] as const;

/**
 * Storefront traffic drawn afresh for every request (realisticTraffic.ts): product pages,
 * category pages and the 15 : 4 : 1 mix with scans, over the whole catalogue by Zipf popularity,
 * from shoppers at many points; stock changes follow the same popularity.
 */
export function buildRealisticScenarios(data: BenchData, o: TrafficOptions): Scenario[] {
  const traffic = new RealisticTraffic({ skuIds: data.skuIds, stores: data.storesList, barcode: (sku) => data.barcode(sku) }, o);
  const toAsk = (a: StorefrontAsk): Ask => (a.kind === 'scan'
    ? { query: SCAN_BARCODE, variables: { system: 'POS', code: a.code, storeId: a.storeId, near: a.near }, apiKey: KEYS.clienteling }
    : { query: PRODUCT_AVAILABILITY, variables: { skus: a.skus, channel: 'DTC', near: a.near, radiusKm: RADIUS_KM } });
  const drawn = (name: string, title: string, kind: PageKind | 'mix', contenders: string[]): Scenario => ({
    name, title, contenders, verify: cleanGraphQLAnswer,
    asks: Array.from({ length: 16 }, traffic.askStream(kind, 0)).map(toAsk),
    draw: (stream) => {
      const next = traffic.askStream(kind, stream);
      return () => toAsk(next());
    },
    churnSkus: (stream) => traffic.skuStream(1_000_000 + stream),
  });
  const readers = ['ours', 'uncached', 'uncached-no-passthrough', 'hive', 'hive-rust'];
  return [
    drawn('realistic-product', 'Realistic product page (ProductAvailability, 1 SKU, drawn afresh)', 'product', [...readers, 'direct', 'ceiling']),
    drawn('realistic-category', 'Realistic category page (20 distinct SKUs, drawn afresh)', 'category', [...readers, 'direct']),
    drawn('realistic-mix', 'Realistic storefront mix (15 product : 4 category : 1 scan, drawn afresh)', 'mix', readers),
  ];
}

/**
 * The scenario's asks as one contender receives them: the list replayed in turn, or for a drawn
 * scenario one request that autocannon re-draws before every send (setupRequest) from `stream`.
 * Direct requests are signed now: call shortly before the run.
 */
export function renderRequests(s: Scenario, c: Contender, auth: GatewayAuth, secret: string, stream = 0): LoadRequest[] {
  const render = askRenderer(c, auth, secret);
  if (!s.draw) return s.asks.map(render);
  const next = s.draw(stream);
  const first = render(s.asks[0]!);
  return [{ ...first, setupRequest: (req) => ({ ...req, ...render(next()) }) }];
}

function askRenderer(c: Contender, auth: GatewayAuth, secret: string): (a: Ask) => LoadRequest {
  if (c.kind === 'ceiling') {
    return (a) => ({ method: 'GET', path: `/availability?sku=${encodeURIComponent((a.variables.skus as string[])[0]!)}`, headers: {} });
  }
  if (c.kind === 'direct') {
    const signed = new Map<string | undefined, string>();
    return (a) => {
      if (!signed.has(a.apiKey)) signed.set(a.apiKey, signIdentity(identityFor(a.apiKey, auth)!, secret, Date.now()));
      return graphqlRequest('/graphql', a.query, a.variables, { [IDENTITY_HEADER]: signed.get(a.apiKey)! });
    };
  }
  return (a) => graphqlRequest('/graphql', a.query, a.variables, a.apiKey ? { 'x-api-key': a.apiKey } : {});
}

export function verifierFor(s: Scenario, c: Contender): (body: string) => boolean {
  return c.kind === 'ceiling' ? (b) => b.startsWith('{"sku"') : s.verify;
}

/**
 * With a baseline gateway running (BENCH_BASELINE_DIR), it answers every scenario ours does, right
 * after ours (or right before); so does the twin (BENCH_TWIN_DIR: this very commit, run the way
 * the baseline is), right after the baseline.
 */
export function withBaseline(scenarios: Scenario[], contenders: Record<string, Contender>, first = false): Scenario[] {
  if (!contenders.baseline) return scenarios;
  const others = contenders.twin ? ['baseline', 'twin'] : ['baseline'];
  const group = first ? [...others, 'ours'] : ['ours', ...others];
  return scenarios.map((s) => ({ ...s, contenders: s.contenders.flatMap((n) => (n === 'ours' ? group : [n])) }));
}

/**
 * The order of the contenders in repeat `r`: as given, or (alternating) turned by one place each
 * repeat (A B, B A… for two; A B C, B C A, C A B… for three), so that over a multiple of their
 * number of repeats each is measured in each place alike: following another contender's load
 * (bench/README.md) falls on each the same number of times.
 */
export function repeatOrder<T>(contenders: readonly T[], r: number, alternate: boolean): T[] {
  if (!alternate || contenders.length < 2) return [...contenders];
  const k = r % contenders.length;
  return [...contenders.slice(k), ...contenders.slice(0, k)];
}
