import { CATEGORY_PAGE_SKUS, RealisticTraffic, zipfSampler, type TrafficWorld } from '../realisticTraffic';
import { seededRandom } from '../seededRandom';

/** the bench world's shape: 10,000 SKUs, stores in a few towns, most SKUs with a POS barcode */
function world(skus = 10_000): TrafficWorld {
  const skuIds = Array.from({ length: skus }, (_, i) => `SKU-${String(i).padStart(5, '0')}`);
  const stores = Array.from({ length: 150 }, (_, i) => ({ id: `LOC-${i}`, geo: { lat: 50.5 + (i % 15) * 0.3, lng: -4 + Math.floor(i / 15) * 0.4 } }));
  return { skuIds, stores, barcode: (sku) => (Number(sku.slice(4)) % 10 === 0 ? undefined : `B${sku.slice(4)}`) };
}
const defaults = { seed: 42, zipfS: 1.0, shopperPoints: 2000 };
const draw = <T>(next: () => T, n: number) => Array.from({ length: n }, next);

describe('zipfSampler', () => {
  it('draws rank k about 1/(k+1)^s as often as rank 0', () => {
    const next = zipfSampler(10_000, 1.0, seededRandom(7));
    const counts = new Map<number, number>();
    for (const k of draw(next, 200_000)) counts.set(k, (counts.get(k) ?? 0) + 1);
    const c = (k: number) => counts.get(k) ?? 0;
    // H(10,000) ≈ 9.79: rank 0 takes about 10.2% of draws, rank 1 half that, rank 9 a tenth
    expect(c(0) / 200_000).toBeCloseTo(1 / 9.7876, 2);
    expect(c(1) / c(0)).toBeGreaterThan(0.45);
    expect(c(1) / c(0)).toBeLessThan(0.55);
    expect(c(9) / c(0)).toBeGreaterThan(0.08);
    expect(c(9) / c(0)).toBeLessThan(0.12);
    // the long tail is asked too: the top 100 ranks get about half the draws, not all
    const top100 = [...counts].filter(([k]) => k < 100).reduce((a, [, n]) => a + n, 0) / 200_000;
    expect(top100).toBeGreaterThan(0.48);
    expect(top100).toBeLessThan(0.56);
    expect(Math.max(...counts.keys())).toBeGreaterThan(9_000);
  });

  it('is uniform at s = 0 and steeper for larger s', () => {
    const flat = draw(zipfSampler(100, 0, seededRandom(1)), 100_000);
    expect(flat.filter((k) => k === 0).length / 100_000).toBeCloseTo(0.01, 2);
    const steep = draw(zipfSampler(100, 2, seededRandom(1)), 100_000);
    expect(steep.filter((k) => k === 0).length / 100_000).toBeGreaterThan(0.55);
  });

  it('refuses an empty catalogue', () => {
    expect(() => zipfSampler(0, 1, Math.random)).toThrow(/n ≥ 1/);
  });
});

describe('RealisticTraffic', () => {
  it('draws the same questions for the same seed and stream, other ones for another seed or stream', () => {
    const a = draw(new RealisticTraffic(world(), defaults).askStream('mix', 1), 500);
    const b = draw(new RealisticTraffic(world(), defaults).askStream('mix', 1), 500);
    expect(b).toEqual(a);
    expect(draw(new RealisticTraffic(world(), defaults).askStream('mix', 2), 500)).not.toEqual(a);
    expect(draw(new RealisticTraffic(world(), { ...defaults, seed: 43 }).askStream('mix', 1), 500)).not.toEqual(a);
  });

  it('asks thousands of distinct questions, not a fixed list replayed', () => {
    const asks = draw(new RealisticTraffic(world(), defaults).askStream('product', 1), 10_000);
    const distinct = new Set(asks.map((a) => `${a.skus[0]}@${a.near.lat},${a.near.lng}`));
    expect(distinct.size).toBeGreaterThan(8_000);
    const skus = new Set(asks.map((a) => a.skus[0]));
    // Zipf(1) over 10,000 SKUs: about 2,900 different SKUs in 10,000 product pages
    expect(skus.size).toBeGreaterThan(2_500);
    const points = new Set(asks.map((a) => `${a.near.lat},${a.near.lng}`));
    expect(points.size).toBeGreaterThan(1_900);
    expect(points.size).toBeLessThanOrEqual(2_000);
  });

  it('ranks SKUs by a seeded shuffle, not by id', () => {
    const t = new RealisticTraffic(world(), defaults);
    expect(new Set(t.byPopularity).size).toBe(10_000);
    expect(t.byPopularity.slice(0, 5)).not.toEqual(['SKU-00000', 'SKU-00001', 'SKU-00002', 'SKU-00003', 'SKU-00004']);
    const asks = draw(t.askStream('product', 3), 50_000);
    const topShare = asks.filter((a) => a.skus[0] === t.byPopularity[0]).length / 50_000;
    expect(topShare).toBeGreaterThan(0.09);
    expect(topShare).toBeLessThan(0.115);
  });

  it('keeps the storefront proportions 15 : 4 : 1 and the page shapes', () => {
    const w = world();
    const t = new RealisticTraffic(w, defaults);
    const asks = draw(t.askStream('mix', 1), 20_000);
    const share = (k: string) => asks.filter((a) => a.kind === k).length / asks.length;
    expect(share('product')).toBeCloseTo(0.75, 1);
    expect(share('category')).toBeCloseTo(0.2, 1);
    expect(share('scan')).toBeCloseTo(0.05, 1);
    for (const a of asks) {
      if (a.kind === 'category') expect(new Set(a.skus).size).toBe(CATEGORY_PAGE_SKUS);
      if (a.kind === 'product') expect(a.skus).toHaveLength(1);
      if (a.kind === 'scan') {
        expect(a.code).toBe(`B${a.skus[0]!.slice(4)}`);
        expect(a.near).toEqual(w.stores.find((s) => s.id === a.storeId)!.geo);
      }
    }
  });

  it('draws stock changes by the same popularity', () => {
    const t = new RealisticTraffic(world(), defaults);
    const changed = draw(t.skuStream(9), 50_000);
    expect(changed).toEqual(draw(new RealisticTraffic(world(), defaults).skuStream(9), 50_000));
    const topShare = changed.filter((s) => s === t.byPopularity[0]).length / changed.length;
    expect(topShare).toBeGreaterThan(0.09);
    expect(topShare).toBeLessThan(0.115);
  });

  it('puts the shopper points within a district of the stores', () => {
    const w = world();
    const t = new RealisticTraffic(w, { ...defaults, shopperPoints: 500 });
    expect(t.points).toHaveLength(500);
    for (const p of t.points) {
      const nearest = Math.min(...w.stores.map((s) => Math.max(Math.abs(s.geo.lat - p.lat), Math.abs(s.geo.lng - p.lng))));
      expect(nearest).toBeLessThanOrEqual(0.1001);
    }
  });
});
