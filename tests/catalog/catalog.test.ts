/**
 * Issue 2 end to end: the clienteling Catalog, ProductAvailability and ScanBarcode through the
 * gateway return exactly what the simulated ERP, WMS, POS and OMS hold, mapped, converted and
 * summed; unmapped and conflicting codes and ERP/WMS disagreements surface. Run on the embedded
 * store and on Redis.
 */
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability';
import type { WorldItem } from '@stockgraph/simulators';
import { contractOperation } from '../support/contract';
import { gql, gqlData } from '../support/gql';
import { CHANNEL_LIST, conflictCodes, expectedAvailability, expectedCapabilities, expectedIncoming, expectedLocalCodes, expectedOnHand, locationType, sortCodes } from '../support/expected';
import { demoKey, QUIET_OMS, startTestStack, type StoreKind, type TestStack } from '../support/startTestStack';
import { catalogSkuIds } from '../support/catalogSkuIds';

const CATALOG = contractOperation('clienteling.graphql', 'Catalog');
const SCAN = contractOperation('clienteling.graphql', 'ScanBarcode');
const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
const PARTNER_STOCK = contractOperation('partner.graphql', 'PartnerStock');
const DISCREPANCIES = contractOperation('operations.graphql', 'Discrepancies');

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

describe.each<StoreKind>(['memory', 'redis'])('catalog and availability on the %s store', (kind) => {
  let t: TestStack;
  let skuOf: Map<string, string>;
  const clienteling = demoKey('clienteling');

  beforeAll(async () => {
    t = await startTestStack(`catalog-${kind}`, kind, QUIET_OMS);
    skuOf = await catalogSkuIds(t.url, clienteling);
  });
  afterAll(async () => t?.close());

  it('Catalog pages through every SKU with its local codes in every system, and every location', async () => {
    const seen: { id: string; name: string; gtin: string | null; localCodes: { system: string; code: string }[] }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const d: any = await gqlData(t.url, CATALOG, { first: 50, after }, clienteling);
      seen.push(...d.skus.edges.map((e: any) => e.node));
      pages++;
      if (pages === 1) {
        const locations = [...d.locations].sort((a: any, b: any) => a.id.localeCompare(b.id));
        expect(locations).toEqual([...t.world.locations].sort((a, b) => a.plant.localeCompare(b.plant)).map((l) => ({
          id: l.plant, name: l.name, type: locationType(l), geo: { lat: l.lat, lng: l.lng },
          capabilities: expect.arrayContaining(expectedCapabilities(l)),
        })));
        for (const l of d.locations) expect(l.capabilities).toHaveLength(expectedCapabilities(t.world.locations.find((w) => w.plant === l.id)!).length);
      }
      if (!d.skus.pageInfo.hasNextPage) break;
      after = d.skus.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(t.world.items.length / 50));
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    const byErp = new Map(seen.map((s) => [s.localCodes.find((c) => c.system === 'ERP')?.code, s]));
    expect(byErp.size).toBe(t.world.items.length);
    for (const item of t.world.items) {
      const node = byErp.get(item.matnr);
      expect({ matnr: item.matnr, name: node?.name, gtin: node?.gtin, codes: sortCodes(node?.localCodes ?? []) })
        .toEqual({ matnr: item.matnr, name: item.description, gtin: item.gtin, codes: expectedLocalCodes(t.world, item) });
    }
  });

  it('ProductAvailability and PartnerStock equal the World summed under each channel policy', async () => {
    const items = t.world.items;
    const asks: { channel: string; key?: string }[] = [
      { channel: 'DTC' }, // anonymous storefront
      { channel: 'DTC', key: demoKey('storefront') },
      ...CHANNEL_LIST.map((channel) => ({ channel, key: demoKey('order-management') })),
    ];
    for (const ask of asks) {
      const policy = DEFAULT_CHANNEL_POLICIES[ask.channel as keyof typeof DEFAULT_CHANNEL_POLICIES];
      for (const batch of chunks(items, 100)) {
        const d: any = await gqlData(t.url, PRODUCT_AVAILABILITY, { skus: batch.map((i) => skuOf.get(i.matnr)), channel: ask.channel }, ask.key);
        const got = d.availability.map((a: any) => ({ sku: a.sku.id, ats: a.availableToSell, shipping: a.shipping, stale: a.stale, pickup: a.pickup }));
        const want = batch.map((i) => {
          const e = expectedAvailability(t.world, i, policy);
          return { sku: skuOf.get(i.matnr), ats: e.availableToSell, shipping: e.shipping, stale: false, pickup: [] };
        });
        expect({ ...ask, got }).toEqual({ ...ask, got: want });
      }
    }
    // a partner sees its channel, and only its assortment: the rest answers like an unknown SKU
    const sample = items.slice(0, 40).map((i) => skuOf.get(i.matnr)!);
    const assortment = new Set(t.stack.gateway.config.auth.assortments.acme);
    const d: any = await gqlData(t.url, PARTNER_STOCK, { skus: sample, channel: 'MARKETPLACE' }, demoKey('acme-marketplace'));
    expect(d.availability.map((a: any) => a && { sku: a.sku.id, ats: a.availableToSell })).toEqual(items.slice(0, 40).map((i) => {
      const id = skuOf.get(i.matnr)!;
      return assortment.has(id) ? { sku: id, ats: expectedAvailability(t.world, i, DEFAULT_CHANNEL_POLICIES.MARKETPLACE).availableToSell } : null;
    }));
    expect(d.availability.filter((a: unknown) => a !== null).length).toBeGreaterThan(0);
  });

  it('ProductAvailability near a point lists pickup stores within the radius, nearest first', async () => {
    const store = t.world.locations.find((l) => l.type === 'STORE' && l.cnc)!;
    const near = { lat: store.lat, lng: store.lng };
    const items = t.world.items.filter((i) => expectedOnHand(t.world, store.plant, i)).slice(0, 25);
    const d: any = await gqlData(t.url, PRODUCT_AVAILABILITY, { skus: items.map((i) => skuOf.get(i.matnr)), channel: 'DTC', near, radiusKm: 80 });
    d.availability.forEach((a: any, k: number) => {
      const e = expectedAvailability(t.world, items[k], DEFAULT_CHANNEL_POLICIES.DTC, { near, radiusKm: 80 });
      expect(a.pickup.map((p: any) => [p.location.id, p.availableToSell])).toEqual(e.pickup.map((p) => [p.locationId, p.availableToSell]));
      a.pickup.forEach((p: any, j: number) => expect(p.distanceKm).toBeCloseTo(e.pickup[j].distanceKm, 1));
      expect(a.pickup[0]?.location.id).toBe(store.plant);
    });
  });

  it('ScanBarcode by POS barcode, PLU and ERP material number (padded and not) answers what the store and the network hold', async () => {
    const store = t.world.locations.find((l) => l.type === 'STORE' && l.cnc)!;
    const conflicts = conflictCodes(t.world);
    const usable = t.world.items.filter((i) => !conflicts.has(i.gtin));
    const withPo = usable.filter((i) => expectedIncoming(t.world, i).length > 0);
    const picks: WorldItem[] = [
      ...withPo.filter((i) => expectedOnHand(t.world, store.plant, i)).slice(0, 2),
      usable.find((i) => i.plu !== null)!,
      usable.find((i) => expectedOnHand(t.world, store.plant, i) === null)!,
    ];
    expect(picks.every(Boolean)).toBe(true);
    const near = { lat: store.lat, lng: store.lng };
    for (const item of picks) {
      const codes: [string, string][] = [['POS', item.gtin], ['ERP', item.matnr], ['ERP', item.matnr.replace(/^0+/, '')]];
      if (item.plu) codes.push(['POS', item.plu]);
      for (const [system, code] of codes) {
        const d: any = await gqlData(t.url, SCAN, { system, code, storeId: store.plant, near }, clienteling);
        const s = d.skuByLocalCode;
        const onHand = expectedOnHand(t.world, store.plant, item) ?? 0;
        const pickup = expectedAvailability(t.world, item, DEFAULT_CHANNEL_POLICIES.RETAIL, { near, radiusKm: 50 }).pickup;
        expect({ code, id: s?.id, name: s?.name, stock: s && { ...s.stockAt, asOf: undefined } }).toEqual({
          code, id: skuOf.get(item.matnr), name: item.description,
          stock: { onHand, reserved: 0, safetyStock: 0, availableToSell: onHand, asOf: undefined },
        });
        expect(sortCodes(s.localCodes)).toEqual(expectedLocalCodes(t.world, item));
        expect(s.availability.pickup.map((p: any) => [p.location.id, p.availableToSell])).toEqual(pickup.map((p) => [p.locationId, p.availableToSell]));
        expect(s.availability.pickup.every((p: any) => p.distanceKm <= 50)).toBe(true);
        const incoming = s.incoming.map((x: any) => ({ quantity: x.quantity, expectedOn: x.expectedAt.slice(0, 10), source: x.source }));
        const want = expectedIncoming(t.world, item).map((x) => ({ quantity: x.quantity, expectedOn: x.expectedOn, source: 'ERP' }));
        expect(incoming).toEqual(expect.arrayContaining(want));
        expect(incoming).toHaveLength(want.length);
        expect(incoming.map((x: any) => x.expectedOn)).toEqual([...incoming.map((x: any) => x.expectedOn)].sort());
      }
    }
  });

  it('reports every unmapped code and the reused barcode; the reused barcode scans to nothing', async () => {
    const d: any = await gqlData(t.url, '{ unmappedCodes { system code } codeConflicts { system code skus { id } } }', {}, clienteling);
    const key = (c: { system: string; code: string }) => `${c.system}:${c.code}`;
    expect(d.unmappedCodes.map(key).sort()).toEqual(t.world.anomalies.unmappedCodes.map(key).sort());
    for (const c of t.world.anomalies.conflicts) {
      const pos = d.codeConflicts.find((x: any) => x.system === 'POS' && x.code === c.code);
      expect(pos?.skus.map((s: any) => s.id).sort()).toEqual(c.materials.map((m) => skuOf.get(m)).sort());
      const store = t.world.locations.find((l) => l.type === 'STORE')!;
      const scan: any = await gqlData(t.url, SCAN, { system: 'POS', code: c.code, storeId: store.plant }, clienteling);
      expect(scan.skuByLocalCode).toBeNull();
    }
    // codes a clienteling app may not read without a key
    const anon = await gql(t.url, '{ unmappedCodes { code } }');
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('Discrepancies lists each seeded ERP/WMS disagreement with both systems\' figures', async () => {
    const d: any = await gqlData(t.url, DISCREPANCIES, { first: 100 }, demoKey('order-management'));
    const got = d.stockDiscrepancies.map((x: any) => ({
      sku: x.sku.id, location: x.location.id, delta: x.delta,
      sources: x.sources.map((s: any) => ({ system: s.system, quantity: s.quantity })).sort((a: any, b: any) => a.system.localeCompare(b.system)),
    })).sort((a: any, b: any) => `${a.location}${a.sku}`.localeCompare(`${b.location}${b.sku}`));
    const want = t.world.anomalies.disagreements.map((x) => ({
      sku: skuOf.get(x.matnr), location: x.plant, delta: Math.abs(x.erp - x.wms),
      sources: [{ system: 'ERP', quantity: x.erp }, { system: 'WMS', quantity: x.wms }],
    })).sort((a, b) => `${a.location}${a.sku}`.localeCompare(`${b.location}${b.sku}`));
    expect(got).toEqual(want);
  });
});
