// Issue 5: goods whose disposition happens elsewhere get a transfer there, and every return flows
// into planning's net demand (a negative demand event where it came back).
import { DEMAND_CHANNEL, parseDemandEvent, type DemandEvent } from '@stockgraph/shared/feeds';
import { gqlData } from '../support/gql';
import { contractOperation } from '../support/contract';
import { omsOrdersByExternalId } from '../support/omsOps';
import { waitFor } from '../support/waitFor';

const HISTORY = `query H($sku: ID!, $loc: ID!) { sku(id: $sku) { demandHistory(locationId: $loc, days: 1) { total } } }`;
import { demoKey, startTestStack, type StackKind, type TestStack } from '../support/startTestStack';

jest.setTimeout(120_000);

describe.each<StackKind>(['memory', 'separate'])('return transfers and demand (%s stack)', (kind) => {
  let t: TestStack;
  const oms = () => demoKey('order-management');
  beforeAll(async () => { t = await startTestStack(`returns-transfers-${kind}`, kind, { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }); });
  afterAll(() => t.close());

  it('sends DAMAGED goods to where they are refurbished or sold off, and publishes the return as negative demand', async () => {
    const reg = t.platform.registry;
    const sku = reg.skuIds().find((id) => reg.localCode(id, 'OMS') && (reg.sku(id)?.price ?? 0) > 20)!;
    const routed = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { orderId: `T-XFER-${kind}`, channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku, quantity: 2 }] } }, oms());
    for (const sh of routed.routeOrder.plan.shipments) await gqlData(t.url, contractOperation('operations.graphql', 'ConfirmFulfillment'), { input: { shipmentId: sh.id } }, oms());
    const [order] = await omsOrdersByExternalId(t.clients.oms, `T-XFER-${kind}`);
    const history = async () => (await gqlData<any>(t.url, HISTORY, { sku, loc: 'S001' }, demoKey('planner'))).sku.demandHistory?.total ?? 0;
    const before = await history();

    const streams = t.platform.stores.kv.streams;
    const [last] = (await streams.range(DEMAND_CHANNEL, '0', 1_000_000)).slice(-1);
    const answer = await gqlData<any>(t.url, `mutation($input: CreateReturnInput!) { createReturn(input: $input) {
        rma { id lines { disposition targetLocation { id } } transfers { sku { id } quantity from { id } to { id } disposition status } }
        userErrors { code } } }`,
      { input: { orderId: order!.orderId, channel: 'DTC', returnLocationId: 'S001', lines: [{ sku, quantity: 1, condition: 'NEW' }, { sku, quantity: 1, condition: 'DAMAGED' }] } }, oms());
    const events = (await streams.range(DEMAND_CHANNEL, last?.id ?? '0', 1000)).map((e) => parseDemandEvent(e.body)).filter((e): e is DemandEvent => e !== null);

    const rma = answer.createReturn.rma;
    expect(answer.createReturn.userErrors).toEqual([]);
    const damaged = rma.lines[1];
    expect(damaged.disposition).not.toBe('RESTOCK');
    expect(damaged.targetLocation.id).not.toBe('S001');
    expect(rma.transfers).toEqual([{ sku: { id: sku }, quantity: 1, from: { id: 'S001' }, to: { id: damaged.targetLocation.id }, disposition: damaged.disposition, status: 'REQUESTED' }]);
    // the restocked NEW unit needs no transfer; both units are returns in planning's eyes
    expect(events.filter((e) => e.sku === sku && e.locationId === 'S001').reduce((n, e) => n + e.quantity, 0)).toBe(-2);
    // and planning (its own process on the separate stack) has them in the demand history
    await waitFor(history, (n) => n === before - 2, { what: 'the returns in planning\'s demand history' });
  });
});
