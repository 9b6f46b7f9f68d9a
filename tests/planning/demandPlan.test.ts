/**
 * Planning through the gateway: DemandPlan (forecast + replenishment) and InventoryKpis from the
 * contract, a till sale reaching the demand history, safety stock written to the ledger lowering
 * availability, and the scopes. Memory store, 120 days of seeded history (planningSeedDays).
 */
import { globalSkuId } from '@stockgraph/unification';
import type { WorldItem, WorldLocation } from '@stockgraph/simulators';
import { contractOperation } from '../support/contract';
import { gql, gqlData } from '../support/gql';
import { stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

const DEMAND_PLAN = contractOperation('planning.graphql', 'DemandPlan');
const KPIS = contractOperation('planning.graphql', 'InventoryKpis');
const HISTORY = `query H($sku: ID!, $loc: ID!, $days: Int!) { sku(id: $sku) { demandHistory(locationId: $loc, days: $days) { endDate quantities total } } }`;
const APPLY = `mutation A($loc: ID!, $skus: [ID!]) { applySafetyStock(locationId: $loc, skus: $skus) { locationId written { sku { id } safetyStock reorderPoint } skipped } }`;

let t: TestStack;
let planner: string;
/** a store shelf with a few units of an item the POS sells by barcode, and a well stocked DC position */
let store: WorldLocation;
let item: WorldItem;
let dc: { locationId: string; sku: string };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestStack('planning', 'memory', { ...QUIET_OMS, planningSeedDays: 120 });
  planner = demoKey('planner');
  const ledger = t.stack.platform.stores.ledger;
  const stores = t.world.locations.filter((l) => l.type === 'STORE' && l.posStoreNo);
  outer: for (const s of stores) {
    for (const i of t.world.items) {
      const [p] = await ledger.getPositions([{ sku: globalSkuId(i.matnr), locationId: s.plant }]);
      if (p && p.onHand >= 5) { store = s; item = i; break outer; }
    }
  }
  const dcs = t.world.locations.filter((l) => l.type === 'DC').map((l) => l.plant);
  const positions = (await ledger.getPositionsForSkus(t.world.items.map((i) => globalSkuId(i.matnr)))).flat();
  const best = positions.filter((p) => dcs.includes(p.locationId)).sort((a, b) => b.onHand - b.reserved - b.safetyStock - (a.onHand - a.reserved - a.safetyStock))[0];
  dc = { locationId: best.locationId, sku: best.sku };
});
afterAll(async () => {
  await t?.close();
});

it('DemandPlan returns a forecast from tomorrow with ordered intervals and a consistent replenishment', async () => {
  const sku = globalSkuId(item.matnr);
  const d: any = await gqlData(t.url, DEMAND_PLAN, { sku, locationId: store.plant, horizonDays: 14 }, planner);
  const f = d.sku.forecast;
  expect(typeof f.method).toBe('string');
  expect(f.points).toHaveLength(14);
  f.points.forEach((p: any, i: number) => {
    expect(p.date).toBe(day(i + 1));
    expect(p.lower).toBeLessThanOrEqual(p.quantity);
    expect(p.quantity).toBeLessThanOrEqual(p.upper);
    expect(p.lower).toBeGreaterThanOrEqual(0);
  });
  expect(typeof f.backtest.mase).toBe('number');
  expect(typeof f.backtest.wape).toBe('number');
  const r = d.sku.replenishment;
  expect(r.safetyStock).toBeGreaterThanOrEqual(0);
  expect(r.reorderPoint).toBeGreaterThanOrEqual(r.safetyStock);
  expect(r.orderQuantity).toBeGreaterThanOrEqual(0);
  // the fastest source protects: a store can be refilled from a DC faster than the supplier delivers
  expect(r.leadTimeDays).toBeLessThanOrEqual(item.leadTimeDays);
  expect(r.leadTimeDays).toBeGreaterThan(0);
});

it('a DC position plans on the supplier lead time from the ERP', async () => {
  const d: any = await gqlData(t.url, DEMAND_PLAN, { sku: dc.sku, locationId: dc.locationId, horizonDays: 7 }, planner);
  const i = t.world.items.find((w) => globalSkuId(w.matnr) === dc.sku)!;
  expect(d.sku.replenishment.leadTimeDays).toBe(i.leadTimeDays);
  expect(d.sku.forecast.points).toHaveLength(7);
});

it('refuses a horizon outside 1..365 and an unknown location', async () => {
  const sku = globalSkuId(item.matnr);
  for (const [locationId, horizonDays] of [[store.plant, 0], [store.plant, 366], ['NOPE', 7]] as const) {
    const r = await gql(t.url, DEMAND_PLAN, { sku, locationId, horizonDays }, planner);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }
});

it('InventoryKpis gives ratios in [0, 1] where defined, for all channels and one', async () => {
  for (const channel of [null, 'RETAIL']) {
    const d: any = await gqlData(t.url, KPIS, { from: day(-60), to: day(0), channel }, planner);
    const k = d.inventoryKpis;
    for (const v of [k.sellThrough, k.forecastAccuracy]) {
      expect(typeof v).toBe('number');
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    if (k.splitRate !== null) expect(k.splitRate).toBeGreaterThanOrEqual(0);
    if (k.splitRate !== null) expect(k.splitRate).toBeLessThanOrEqual(1);
    expect(k.turnover).toBeGreaterThan(0);
    expect(k.fillRate).toBeNull();
  }
  const bad = await gql(t.url, KPIS, { from: day(0), to: day(-1) }, planner);
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('a sale rung at a till reaches the demand history', async () => {
  const vars = { sku: globalSkuId(item.matnr), loc: store.plant, days: 1 };
  const before: any = await gqlData(t.url, HISTORY, vars, planner);
  expect(before.sku.demandHistory.endDate).toBe(day(0));
  await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 2 }]);
  const after: any = await waitFor(() => gqlData(t.url, HISTORY, vars, planner), (h: any) => h.sku.demandHistory.total !== before.sku.demandHistory.total, { what: 'the sale in the history' });
  expect(after.sku.demandHistory.total).toBe(before.sku.demandHistory.total + 2);
});

it('applySafetyStock writes safety stock that lowers availableToSell at the gateway', async () => {
  const before = await stockAt(t.url, dc.sku, dc.locationId);
  const d: any = await gqlData(t.url, APPLY, { loc: dc.locationId, skus: [dc.sku, 'SKU-NOT-A-SKU'] }, demoKey('order-management'));
  const written = d.applySafetyStock.written;
  expect(written).toHaveLength(1);
  expect(d.applySafetyStock.skipped).toEqual(['SKU-NOT-A-SKU']);
  const ss = written[0].safetyStock;
  expect(ss).toBeGreaterThan(0);
  expect(ss).toBeLessThan(before.availableToSell + before.safetyStock);
  const after = await stockAt(t.url, dc.sku, dc.locationId);
  expect(after.safetyStock).toBe(ss);
  // what was held back before is released, the new safety stock held back instead
  expect(after.availableToSell).toBe(before.availableToSell + before.safetyStock - ss);
  const plan: any = await gqlData(t.url, DEMAND_PLAN, { sku: dc.sku, locationId: dc.locationId, horizonDays: 1 }, planner);
  expect(plan.sku.replenishment.safetyStock).toBe(ss);
});

it('needs planning:read to read plans and orders:write to apply safety stock', async () => {
  const vars = { sku: globalSkuId(item.matnr), locationId: store.plant, horizonDays: 7 };
  expect((await gql(t.url, DEMAND_PLAN, vars)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await gql(t.url, KPIS, { from: day(-7), to: day(0) }, demoKey('storefront'))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const r = await gql(t.url, APPLY, { loc: dc.locationId, skus: [dc.sku] }, planner);
  expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});
