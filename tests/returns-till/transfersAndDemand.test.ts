// Issue 5: goods whose disposition happens elsewhere get a transfer there, and every return flows
// into planning's net demand (a negative demand event where it came back).
import { DEMAND_CHANNEL, parseDemandEvent, type DemandEvent } from '@stockgraph/shared/feeds/DemandEvents';
import { gqlData } from '../support/gql';
import { contractOperation } from '../support/contract';
import { demoKey, startTestStack, type TestStack } from '../support/startTestStack';

describe('return transfers and demand', () => {
  let t: TestStack;
  const oms = () => demoKey('order-management');
  beforeAll(async () => { t = await startTestStack('returns-transfers', 'memory', { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }); });
  afterAll(() => t.close());

  it('sends DAMAGED goods to where they are refurbished or sold off, and publishes the return as negative demand', async () => {
    const reg = t.stack.platform.registry;
    const sku = reg.skuIds().find((id) => reg.localCode(id, 'OMS') && (reg.sku(id)?.price ?? 0) > 20)!;
    const routed = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku, quantity: 2 }] } }, oms());
    for (const sh of routed.routeOrder.plan.shipments) await gqlData(t.url, contractOperation('operations.graphql', 'ConfirmFulfillment'), { input: { shipmentId: sh.id } }, oms());
    const [shipment] = await t.stack.apps.oms.deps.orders.shipments([routed.routeOrder.plan.shipments[0].id]);

    const streams = t.stack.platform.stores.kv.streams;
    const [last] = (await streams.range(DEMAND_CHANNEL, '0', 1_000_000)).slice(-1);
    const answer = await gqlData<any>(t.url, `mutation($input: CreateReturnInput!) { createReturn(input: $input) {
        rma { id lines { disposition targetLocation { id } } transfers { sku { id } quantity from { id } to { id } disposition status } }
        userErrors { code } } }`,
      { input: { orderId: shipment!.orderId, channel: 'DTC', returnLocationId: 'S001', lines: [{ sku, quantity: 1, condition: 'NEW' }, { sku, quantity: 1, condition: 'DAMAGED' }] } }, oms());
    const events = (await streams.range(DEMAND_CHANNEL, last?.id ?? '0', 1000)).map((e) => parseDemandEvent(e.body)).filter((e): e is DemandEvent => e !== null);

    const rma = answer.createReturn.rma;
    expect(answer.createReturn.userErrors).toEqual([]);
    const damaged = rma.lines[1];
    expect(damaged.disposition).not.toBe('RESTOCK');
    expect(damaged.targetLocation.id).not.toBe('S001');
    expect(rma.transfers).toEqual([{ sku: { id: sku }, quantity: 1, from: { id: 'S001' }, to: { id: damaged.targetLocation.id }, disposition: damaged.disposition, status: 'REQUESTED' }]);
    // the restocked NEW unit needs no transfer; both units are returns in planning's eyes
    expect(events.filter((e) => e.sku === sku && e.locationId === 'S001').reduce((n, e) => n + e.quantity, 0)).toBe(-2);
  });
});
