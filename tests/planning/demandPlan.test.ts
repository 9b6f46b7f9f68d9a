/**
 * Planning through the gateway: DemandPlan (forecast + replenishment) and InventoryKpis from the
 * contract, a till sale reaching the demand history, safety stock written to the ledger lowering
 * availability, and the scopes. Memory store, 120 days of seeded history (planningSeedDays).
 */
import { globalSkuId } from '@stockgraph/unification';
import type { WorldItem, WorldLocation } from '@stockgraph/simulators';
import { contractOperation } from '../support/contract';
import { gql, gqlData } from '../support/gql';
import { availability, stockAt } from '../support/stockQueries';
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
    // the OMS's fulfilled orders from before the stack started: every unit filled
    expect(k.fillRate).toBe(1);
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

const QUANTILES = contractOperation('planning.graphql', 'DemandQuantiles');
const PROMOTION = contractOperation('planning.graphql', 'PromotionRisk');
const MARKDOWNS = contractOperation('planning.graphql', 'MarkdownCandidates');
const REPLENISH = `query R($sku: ID!, $loc: ID!) { sku(id: $sku) { replenishment(locationId: $loc) { safetyStock reorderPoint inventoryClass serviceTarget serviceLevel supplierTrust explanation } } }`;
const BADGE = `query B($sku: ID!, $channel: Channel!) { sku(id: $sku) { lowStockBadge(channel: $channel) { show threshold availableToSell } } }`;
const PLAN = `{ replenishmentPlan { positionsPlanned unsourcedUnits transfers { kind sku { id } fromLocationId toLocationId quantity reason }
  purchaseOrders { supplierId locationId trust arrivalDate arrivalEarliest arrivalLatest lines { sku { id } quantity needed inventoryClass reason } } } }`;
const SERIES = `query S($from: Date!, $to: Date!, $channel: Channel, $b: Int) { inventoryKpiSeries(from: $from, to: $to, channel: $channel, bucketDays: $b) {
  from to unitsSold unitsReceived sellThrough turnover forecastAccuracy fillRate splitRate averageReplenishmentLeadTimeDays } }`;

describe('probabilistic forecasts and the signals built on them', () => {
  it('DemandQuantiles gives ordered quantiles per day, the median as quantity', async () => {
    const d: any = await gqlData(t.url, QUANTILES, { sku: globalSkuId(item.matnr), locationId: store.plant, horizonDays: 14 }, planner);
    const f = d.sku.forecast;
    expect(f).toMatchObject({ method: 'POOLED_QUANTILE', reason: null });
    for (const p of f.points) {
      expect(p.quantiles.map((q: any) => q.level)).toEqual([0.1, 0.5, 0.9]);
      const [lo, mid, hi] = p.quantiles.map((q: any) => q.quantity);
      expect(lo).toBeLessThanOrEqual(mid);
      expect(mid).toBeLessThanOrEqual(hi);
      expect(p.quantity).toBe(mid);
    }
    expect(f.points.some((p: any) => p.quantiles[2].quantity > 0)).toBe(true);
  });

  it('never answers null for a known SKU×location: no history gives zeros and a reason', async () => {
    const ledger = t.stack.platform.stores.ledger;
    const skus = t.world.items.map((i) => globalSkuId(i.matnr));
    const positions = (await ledger.getPositionsForSkus(skus)).flat();
    const stocked = new Set(positions.filter((p) => p.onHand > 0).map((p) => `${p.sku}@${p.locationId}`));
    const pair = skus.flatMap((sku) => t.world.locations.map((l) => ({ sku, loc: l.plant }))).find((p) => !stocked.has(`${p.sku}@${p.loc}`))!;
    const d: any = await gqlData(t.url, QUANTILES, { sku: pair.sku, locationId: pair.loc, horizonDays: 7 }, planner);
    expect(d.sku.forecast.method).toBe('NONE');
    expect(d.sku.forecast.reason).toMatch(/^NO_HISTORY/);
    expect(d.sku.forecast.points).toHaveLength(7);
    for (const p of d.sku.forecast.points) expect(p.quantiles.every((q: any) => q.quantity === 0)).toBe(true);
  });

  it('replenishment explains its class target and uses the supplier trust from the ERP', async () => {
    const supplier = t.world.suppliers.find((s) => s.lifnr === item.lifnr)!;
    const d: any = await gqlData(t.url, REPLENISH, { sku: globalSkuId(item.matnr), loc: store.plant }, planner);
    const r = d.sku.replenishment;
    expect(r.inventoryClass).toMatch(/^[ABC][XYZ]$/);
    expect(['CYCLE_SERVICE_LEVEL', 'FILL_RATE']).toContain(r.serviceTarget);
    expect(r.supplierTrust).toBe(supplier.trust);
    expect(r.explanation).toContain(r.inventoryClass);
    expect(r.explanation).toContain(`supplier trust ${supplier.trust}`);
  });

  it('PromotionRisk grows with the uplift and refuses a promotion in the past', async () => {
    const vars = { sku: globalSkuId(item.matnr), channel: 'RETAIL', from: day(3), to: day(16) };
    const base: any = (await gqlData(t.url, PROMOTION, { ...vars, upliftPct: 0 }, planner)).promotionRisk;
    const big: any = (await gqlData(t.url, PROMOTION, { ...vars, upliftPct: 300 }, planner)).promotionRisk;
    expect(base.expectedDemand).toBeGreaterThan(0);
    expect(big.expectedDemand).toBeCloseTo(base.expectedDemand * 4, 6);
    expect(big.availableUnits).toBe(base.availableUnits);
    expect(big.stockoutProbability).toBeGreaterThanOrEqual(base.stockoutProbability);
    for (const p of [base.stockoutProbability, big.stockoutProbability]) expect(p >= 0 && p <= 1).toBe(true);
    const bad = await gql(t.url, PROMOTION, { ...vars, from: day(-2), upliftPct: 10 }, planner);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('MarkdownCandidates lists stock that outlasts the season, most urgent first, with a markdown from the fitted response', async () => {
    const d: any = await gql(t.url, MARKDOWNS.replace('markdownCandidates(channel: $channel, first: $first)', 'markdownCandidates(channel: $channel, first: $first, seasonEnd: $end)').replace('$first: Int!)', '$first: Int!, $end: Date)'), { channel: 'RETAIL', first: 5, end: day(21) }, planner);
    const list = d.data.markdownCandidates;
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) {
      expect(c.weeksOfCover).toBeGreaterThan(3);
      expect(c.suggestedMarkdownPct).toBeGreaterThanOrEqual(0);
      expect(c.suggestedMarkdownPct).toBeLessThanOrEqual(70);
      expect(c.reason).toMatch(/weeks of cover/);
    }
    const plain: any = await gqlData(t.url, MARKDOWNS, { channel: 'RETAIL', first: 3 }, planner);
    expect(plain.markdownCandidates.length).toBeLessThanOrEqual(3);
  });

  it('lowStockBadge flags the channel figure at or below the policy threshold, for anonymous storefronts too', async () => {
    const d: any = await gqlData(t.url, BADGE, { sku: globalSkuId(item.matnr), channel: 'DTC' });
    const b = d.sku.lowStockBadge;
    expect(b.threshold).toBe(5);
    expect(b.show).toBe(b.availableToSell > 0 && b.availableToSell <= 5);
    const avail = await availability(t.url, globalSkuId(item.matnr), 'DTC');
    expect(b.availableToSell).toBe(avail.availableToSell);
    // the threshold is the channel's: wholesale asks for more before it shows stock as low
    const w: any = await gqlData(t.url, BADGE, { sku: globalSkuId(item.matnr), channel: 'WHOLESALE' }, planner);
    expect(w.sku.lowStockBadge.threshold).toBe(48);
    // an anonymous storefront reads its own channel only
    expect((await gql(t.url, BADGE, { sku: globalSkuId(item.matnr), channel: 'WHOLESALE' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('replenishmentPlan gives explained transfers and POs in whole packs, at least the supplier minimum', async () => {
    const d: any = await gqlData(t.url, PLAN, {}, planner);
    const p = d.replenishmentPlan;
    expect(p.positionsPlanned).toBeGreaterThan(0);
    expect(p.purchaseOrders.length + p.transfers.length).toBeGreaterThan(0);
    for (const tr of p.transfers) expect(tr.reason.length).toBeGreaterThan(20);
    for (const po of p.purchaseOrders) {
      const supplier = t.world.suppliers.find((s) => s.lifnr === po.supplierId)!;
      expect(po.trust).toBe(supplier.trust);
      expect(po.arrivalEarliest <= po.arrivalDate && po.arrivalDate <= po.arrivalLatest).toBe(true);
      for (const l of po.lines) {
        const w = t.world.items.find((i) => globalSkuId(i.matnr) === l.sku.id)!;
        expect(l.quantity % w.packSize).toBe(0);
        expect(l.quantity).toBeGreaterThanOrEqual(Math.max(l.needed, supplier.minOrderUnits));
        expect(l.reason).toMatch(/echelon stock/);
      }
    }
  });

  it('inventoryKpiSeries gives every KPI as a time series, with receipts and lead times from the ERP', async () => {
    const rows: any[] = (await gqlData<any>(t.url, SERIES, { from: day(-119), to: day(0), b: 30 }, planner)).inventoryKpiSeries;
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.from)).toEqual([day(-119), day(-89), day(-59), day(-29)]);
    expect(rows.some((r) => r.unitsReceived > 0)).toBe(true);
    expect(rows.some((r) => r.averageReplenishmentLeadTimeDays > 0)).toBe(true);
    // fill and split rate from the orders the OMS had fulfilled: every unit, one shipment each
    expect(rows.some((r) => r.fillRate === 1 && r.splitRate === 0)).toBe(true);
    for (const r of rows) {
      expect(r.turnover).toBeGreaterThan(0);
      expect(r.sellThrough).toBeGreaterThan(0);
    }
    // scored once 28 selling days of history precede the bucket (the seeded history is 120 days)
    expect(rows[0].forecastAccuracy).toBeNull();
    expect(rows[3].forecastAccuracy).toBeGreaterThan(0);
    const retail: any[] = (await gqlData<any>(t.url, SERIES, { from: day(-27), to: day(0), channel: 'RETAIL', b: 28 }, planner)).inventoryKpiSeries;
    const dtc: any[] = (await gqlData<any>(t.url, SERIES, { from: day(-27), to: day(0), channel: 'DTC', b: 28 }, planner)).inventoryKpiSeries;
    expect(retail[0].forecastAccuracy).not.toBe(dtc[0].forecastAccuracy);
  });
});

it('replenishment counts an open PO at its order date: quantity × supplier trust × chance of arriving in time', async () => {
  const ledger = t.stack.platform.stores.ledger;
  const lines = t.world.purchaseOrders.filter((po) => po.status === 'open' && t.world.locations.find((l) => l.plant === po.plant)?.type === 'DC')
    .flatMap((po) => po.lines.map((l) => ({ po, l, sku: globalSkuId(l.matnr) })));
  let hit: (typeof lines)[number] | undefined;
  for (const c of lines) {
    const [p] = await ledger.getPositions([{ sku: c.sku, locationId: c.po.plant }]);
    const sameSkuAndPlant = lines.filter((o) => o.sku === c.sku && o.po.plant === c.po.plant);
    if (p && p.onHand > 0 && sameSkuAndPlant.length === 1 && c.l.qty > c.l.received) { hit = c; break; }
  }
  expect(hit).toBeDefined();
  const supplier = t.world.suppliers.find((s) => s.lifnr === hit!.po.lifnr)!;
  const d: any = await gqlData(t.url, REPLENISH, { sku: hit!.sku, loc: hit!.po.plant }, planner);
  const counted = Number(/counts ([\d.]+) incoming/.exec(d.sku.replenishment.explanation)![1]);
  const open = hit!.l.qty - hit!.l.received;
  // ordered at least 9 days ago with the whole lead time + a week to arrive: all but certain
  expect(counted).toBeGreaterThan(open * supplier.trust * 0.9);
  expect(counted).toBeLessThanOrEqual(open * supplier.trust + 0.05);
});
