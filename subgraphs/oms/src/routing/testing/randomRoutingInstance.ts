// Seeded random routing requests over a UK-shaped network: stores clustered around towns by
// population, a handful of DCs on the usual logistics sites. For benchmarks and property tests.
import type { Channel, GeoPoint, LocationCapability } from '@stockgraph/shared';
import type { OrderLine, RoutingCandidate, RoutingRequest, StockRecord } from '../routingTypes';
import { mulberry32 } from '@stockgraph/shared/random';

export { mulberry32 } from '@stockgraph/shared/random';

const TOWNS: [number, number, number][] = [
  [51.507, -0.128, 8], [52.486, -1.890, 3], [53.480, -2.242, 3], [53.801, -1.549, 2], [55.864, -4.252, 2],
  [55.953, -3.189, 1.5], [51.455, -2.588, 1.5], [53.408, -2.991, 1.5], [54.978, -1.618, 1.2], [53.381, -1.470, 1.2],
  [52.954, -1.158, 1], [52.637, -1.139, 1], [51.481, -3.179, 1], [50.909, -1.404, 1], [52.630, 1.297, 0.6],
  [50.376, -4.143, 0.6], [57.150, -2.094, 0.5], [50.718, -3.534, 0.5], [52.205, 0.122, 0.6], [51.752, -1.258, 0.6],
  [50.823, -0.137, 0.8], [57.480, -4.224, 0.3], [53.745, -0.336, 0.6], [52.407, -1.510, 0.8], [54.597, -5.930, 0.5],
];
const DC_SITES: GeoPoint[] = [
  { lat: 52.257, lng: -1.163 }, { lat: 52.040, lng: -0.760 }, { lat: 53.520, lng: -1.130 },
  { lat: 55.820, lng: -4.020 }, { lat: 51.500, lng: -2.690 }, { lat: 51.490, lng: 0.330 },
];

export interface RandomInstanceOptions {
  seed: number;
  locations?: number;
  /** exact line count, or [min, max] */
  lines?: number | [number, number];
  catalogSize?: number;
  channel?: Channel;
  /** share of click-and-collect orders */
  pickupShare?: number;
  /** chance that a DC / a store holds a given SKU (defaults 0.7 / 0.3) */
  dcStockChance?: number;
  storeStockChance?: number;
}

export function randomRoutingInstance(opts: RandomInstanceOptions): RoutingRequest {
  const rnd = mulberry32(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const totalWeight = TOWNS.reduce((s, t) => s + t[2], 0);
  const town = (): GeoPoint => {
    let r = rnd() * totalWeight;
    for (const [lat, lng, w] of TOWNS) { if ((r -= w) <= 0) return { lat, lng }; }
    return { lat: TOWNS[0][0], lng: TOWNS[0][1] };
  };
  const jitter = (p: GeoPoint, km: number): GeoPoint => ({
    lat: p.lat + ((rnd() * 2 - 1) * km) / 111,
    lng: p.lng + ((rnd() * 2 - 1) * km) / (111 * Math.cos((p.lat * Math.PI) / 180)),
  });
  const n = opts.locations ?? 200;
  const candidates: RoutingCandidate[] = [];
  for (let d = 0; d < Math.min(DC_SITES.length, Math.max(1, Math.round(n / 30))); d++) {
    candidates.push({ id: `D${String(d + 1).padStart(3, '0')}`, type: 'DISTRIBUTION_CENTER', geo: DC_SITES[d], capabilities: ['SHIP_FROM_DC', 'TRANSFER', 'RETURNS'], processingHours: int(8, 16) });
  }
  while (candidates.length < n) {
    const caps: LocationCapability[] = ['PICKUP_IN_STORE', 'RETURNS'];
    if (rnd() < 0.7) caps.push('SHIP_FROM_STORE');
    if (rnd() < 0.5) caps.push('TRANSFER');
    candidates.push({
      id: `S${String(candidates.length + 1).padStart(3, '0')}`, type: 'STORE', geo: jitter(town(), 15), capabilities: caps,
      remainingCapacity: rnd() < 0.1 ? 0 : int(1, 25), processingHours: int(2, 6),
    });
  }
  const [lo, hi] = typeof opts.lines === 'number' ? [opts.lines, opts.lines] : opts.lines ?? [1, 8];
  const catalog = opts.catalogSize ?? 60;
  const skus = new Set<string>();
  const want = Math.min(catalog, int(lo, hi));
  while (skus.size < want) skus.add(`SKU-${String(int(1, catalog)).padStart(4, '0')}`);
  const lines: OrderLine[] = [...skus].map((sku) => {
    const r = rnd();
    return { sku, quantity: r < 0.6 ? 1 : r < 0.85 ? 2 : int(3, 5) };
  });
  const stock: StockRecord[] = [];
  for (const c of candidates) {
    const dc = c.type === 'DISTRIBUTION_CENTER';
    for (const { sku } of lines) {
      const available = rnd() < (dc ? opts.dcStockChance ?? 0.7 : opts.storeStockChance ?? 0.3) ? (dc ? int(0, 40) : int(1, 6)) : 0;
      const incoming = rnd() < (dc ? 0.3 : 0.05) ? int(5, 60) : 0;
      if (available > 0 || incoming > 0) stock.push({ sku, locationId: c.id, available, incoming });
    }
  }
  const stores = candidates.filter((c) => c.type === 'STORE' && c.capabilities.includes('PICKUP_IN_STORE'));
  const pickup = rnd() < (opts.pickupShare ?? 0) && stores.length > 0;
  return {
    channel: opts.channel ?? 'DTC',
    lines,
    method: pickup ? { kind: 'PICKUP', pickupLocationId: stores[int(0, stores.length - 1)].id } : { kind: 'DELIVERY', destination: jitter(town(), 30) },
    candidates,
    stock,
  };
}
