/**
 * The two KPIs that are not demand: fill rate from routed orders (ordered vs served from stock)
 * and average replenishment lead time from purchase orders the ERP batch sees received.
 */
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';
import { demoKey, startTestStack, type StackKind, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

const KPIS = contractOperation('planning.graphql', 'InventoryKpis');
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

jest.setTimeout(120_000);

// the facts travel from the OMS and ERP subgraphs to planning on durable streams: in one process and in many
describe.each<StackKind>(['memory', 'separate'])('fill rate and replenishment lead time (%s stack)', (kind) => {
  let t: TestStack;
  beforeAll(async () => { t = await startTestStack(`planning-kpi-facts-${kind}`, kind, { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }); });
  afterAll(() => t.close());

  const kpis = async () => (await gqlData<any>(t.url, KPIS, { from: day(-1), to: day(0), channel: 'DTC' }, demoKey('planner'))).inventoryKpis;

  it('fill rate is the share of ordered units the network could serve when orders were routed', async () => {
    expect((await kpis()).fillRate).toBeNull();
    const reg = t.platform.registry;
    const ledger = t.platform.stores.ledger;
    const sku = reg.skuIds().find((id) => reg.localCode(id, 'OMS'))!;
    const total = (await ledger.getPositionsForSkus([sku]))[0]!.reduce((n, p) => n + Math.max(0, p.onHand - p.reserved - p.safetyStock), 0);
    // one order that can be served whole, one that asks for more than the network holds
    const route = contractOperation('operations.graphql', 'RouteOrder');
    const key = demoKey('order-management');
    await gqlData(t.url, route, { input: { channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku, quantity: 1 }] } }, key);
    const big = await gqlData<any>(t.url, route, { input: { channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku, quantity: total + 5 }] } }, key);
    const served = big.routeOrder.plan.shipments.flatMap((s: any) => s.lines).reduce((n: number, l: any) => n + l.quantity, 0);
    const expected = (1 + served) / (1 + total + 5);
    await waitFor(kpis, (k) => k.fillRate !== null);
    expect((await kpis()).fillRate).toBeCloseTo(expected, 6);
    expect((await kpis()).fillRate).toBeLessThan(1);
  });

  it('average replenishment lead time counts the purchase orders received between two ERP batches', async () => {
    expect((await kpis()).averageReplenishmentLeadTimeDays).toBeNull();
    const po = t.world.purchaseOrders.find((p) => p.status === 'open')!;
    // the ERP receives it in full: it leaves the open list at the next batch
    po.status = 'closed';
    for (const l of po.lines) l.received = l.qty;
    await t.runErpBatch();
    const orderedAt = Date.parse(`${po.orderedOn.slice(0, 10).replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3')}T00:00:00Z`);
    await waitFor(kpis, (k) => k.averageReplenishmentLeadTimeDays !== null);
    const days = (await kpis()).averageReplenishmentLeadTimeDays;
    expect(days).toBeGreaterThan((Date.now() - orderedAt) / 86_400_000 - 1);
    expect(days).toBeLessThan((Date.now() - orderedAt) / 86_400_000 + 1);
  });
});
