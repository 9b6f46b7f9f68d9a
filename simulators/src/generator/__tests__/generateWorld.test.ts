import { isValidEan13 } from '../ean13';
import { generateWorld } from '../generateWorld';
import { mulberry32 } from '../mulberry32';
import { BENCH_WORLD_OPTIONS, type World } from '../World';
import { erpStockAt, stockAt } from '../worldLookup';

const world = generateWorld({});

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** JSON of a world with its typed arrays turned into plain arrays, for equality checks. */
function plain(w: World): string {
  return JSON.stringify(w, (_k, v: unknown) => (v instanceof Int32Array ? Array.from(v) : v));
}

describe('mulberry32', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generateWorld', () => {
  it('is deterministic per seed and changes with the seed', () => {
    expect(plain(generateWorld({}))).toBe(plain(world));
    expect(plain(generateWorld({ seed: 43 }))).not.toBe(plain(world));
  });

  it('has the default size: 60 products × 4 variants, 3 DCs, 30 stores', () => {
    expect(world.items).toHaveLength(240);
    expect(world.locations.filter((l) => l.type === 'DC')).toHaveLength(3);
    expect(world.locations.filter((l) => l.type === 'STORE')).toHaveLength(30);
    expect(world.locations[0]).toMatchObject({ plant: 'D001', name: 'Daventry DC', wmsSite: 'DC1', omsNode: 'N-D001' });
  });

  it('gives every item valid, well-formed codes, unique except the one deliberate conflict', () => {
    for (const item of world.items) {
      expect(item.matnr).toMatch(/^\d{18}$/);
      expect(item.wmsArticle).toMatch(/^WA\d{6}$/);
      expect(item.ecomSku).toMatch(/^WEB-[a-z0-9-]+$/);
      expect(item.eans.every(isValidEan13)).toBe(true);
      expect(item.gtin).toBe(item.eans[0]);
      expect(item.gtin.startsWith('50')).toBe(true);
      expect([6, 12, 24]).toContain(item.packSize);
      expect(item.cost).toBeGreaterThan(0);
      expect(item.cost).toBeLessThan(item.price);
      if (item.plu) expect(item.plu).toMatch(/^\d{4}$/);
    }
    for (const key of ['matnr', 'gtin', 'wmsArticle', 'ecomSku'] as const) expect(duplicates(world.items.map((i) => i[key]))).toEqual([]);
    expect(duplicates(world.items.flatMap((i) => (i.plu ? [i.plu] : [])))).toEqual([]);
    const conflict = world.anomalies.conflicts[0];
    expect(world.anomalies.conflicts).toHaveLength(1);
    expect(duplicates(world.items.flatMap((i) => i.eans))).toEqual([conflict?.code]);
    const claimants = world.items.filter((i) => i.eans.includes(conflict?.code ?? '')).map((i) => i.matnr).sort();
    expect(claimants).toEqual(conflict?.materials);
  });

  it('puts a PLU on about 5% of items (loose goods)', () => {
    const share = world.items.filter((i) => i.plu).length / world.items.length;
    expect(share).toBeGreaterThan(0.02);
    expect(share).toBeLessThan(0.1);
  });

  it('places locations in the UK with distinct codes and store flags', () => {
    for (const l of world.locations) {
      expect(l.lat).toBeGreaterThan(49.8);
      expect(l.lat).toBeLessThan(60.9);
      expect(l.lng).toBeGreaterThan(-8.7);
      expect(l.lng).toBeLessThan(1.8);
    }
    expect(duplicates(world.locations.map((l) => l.plant))).toEqual([]);
    const stores = world.locations.filter((l) => l.type === 'STORE');
    expect(stores.map((s) => s.posStoreNo)).toEqual(stores.map((_, i) => String(i + 1).padStart(4, '0')));
    expect(stores.some((s) => s.sfs) && stores.some((s) => !s.sfs)).toBe(true);
    expect(stores.every((s) => s.cap > 0)).toBe(true);
  });

  it('lists every anomaly, each visible in the data', () => {
    const systems = world.anomalies.unmappedCodes.map((u) => u.system);
    expect(new Set(systems)).toEqual(new Set(['WMS', 'POS', 'OMS']));
    const matnrs = new Set(world.items.map((i) => i.matnr));
    const eans = new Set(world.items.flatMap((i) => i.eans));
    for (const u of world.unmapped) {
      if (u.system === 'WMS') expect(matnrs.has(u.hostRef ?? '')).toBe(false);
      else expect(eans.has(u.gtin ?? '')).toBe(false);
      if (u.gtin) expect(isValidEan13(u.gtin)).toBe(true);
    }
    expect(world.anomalies.disagreements.length).toBeGreaterThanOrEqual(3);
    for (const d of world.anomalies.disagreements) {
      expect(d.erp).not.toBe(d.wms);
      expect(stockAt(world, d.plant, d.matnr)).toBe(d.wms);
      expect(erpStockAt(world, d.plant, d.matnr)).toBe(d.erp);
    }
  });

  it('stocks most items at DCs and a subset at stores', () => {
    const held = (plant: string) => Array.from(world.stock[plant] ?? []).filter((q) => q >= 0).length;
    expect(held('D001') / world.items.length).toBeGreaterThan(0.8);
    const store = held('S001') / world.items.length;
    expect(store).toBeGreaterThan(0.2);
    expect(store).toBeLessThan(0.9);
  });

  it('has open POs with lines and dates, and fulfilled historic orders before asOf', () => {
    const open = world.purchaseOrders.filter((p) => p.status === 'open');
    expect(open.length).toBeGreaterThanOrEqual(12);
    expect(open.some((p) => p.plant.startsWith('S'))).toBe(true);
    for (const po of open) for (const l of po.lines) expect(l.received).toBeLessThan(l.qty);
    expect(world.orders.length).toBeGreaterThanOrEqual(40);
    for (const o of world.orders) {
      expect(o.createdAt < world.asOf).toBe(true);
      expect(o.lines.every((l) => l.fulfilledQty === l.qty)).toBe(true);
    }
  });

  it('generates the benchmark size: 10,000 SKUs × 200 locations', () => {
    const bench = generateWorld(BENCH_WORLD_OPTIONS);
    expect(bench.items).toHaveLength(10_000);
    expect(bench.locations).toHaveLength(200);
    expect(Object.keys(bench.stock)).toHaveLength(200);
    expect(new Set(bench.items.map((i) => i.ecomSku)).size).toBe(10_000);
    expect(new Set(bench.items.flatMap((i) => i.eans)).size).toBe(10_000);
  });

  it('refuses nonsense sizes', () => {
    expect(() => generateWorld({ products: 0 })).toThrow(RangeError);
    expect(() => generateWorld({ dcs: 1.5 })).toThrow(RangeError);
  });
});
