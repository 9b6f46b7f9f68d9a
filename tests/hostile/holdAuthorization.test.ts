// Issue 7, who may see what: a storefront holds for its own channel only, and may release its own
// channel's cart holds but not the holds of routed orders (answered as if they did not exist).
import { contractOperation } from '../support/contract';
import { gql } from '../support/gql';
import { demoKey, startTestStack, type TestStack } from '../support/startTestStack';

describe('hold authorization', () => {
  let t: TestStack;
  beforeAll(async () => { t = await startTestStack('hold-authorization', 'memory', { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }); });
  afterAll(() => t.close());

  const dcStock = async () => {
    const reg = t.stack.platform.registry;
    const dc = reg.allLocations().find((l) => l.type === 'DISTRIBUTION_CENTER')!.id;
    for (const sku of reg.skuIds()) {
      const [p] = await t.stack.platform.stores.ledger.getPositions([{ sku, locationId: dc }]);
      if (p && p.onHand - p.reserved - p.safetyStock >= 5 && reg.localCode(sku, 'OMS')) return { sku, dc, geo: reg.location(dc)!.geo };
    }
    throw new Error('no DC stock');
  };

  it('refuses a storefront hold for another channel, and nothing is held', async () => {
    const { sku, dc } = await dcStock();
    const [before] = await t.stack.platform.stores.ledger.getPositions([{ sku, locationId: dc }]);
    const r = await gql(t.url, contractOperation('storefront.graphql', 'HoldCart'), { input: { channel: 'WHOLESALE', lines: [{ sku, locationId: dc, quantity: 1 }] } }, demoKey('storefront'));
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [after] = await t.stack.platform.stores.ledger.getPositions([{ sku, locationId: dc }]);
    expect(after!.reserved).toBe(before!.reserved);
  });

  it("lets the storefront release its cart hold but not an order's hold", async () => {
    const { sku, dc, geo } = await dcStock();
    const cart = await gql<any>(t.url, contractOperation('storefront.graphql', 'HoldCart'), { input: { channel: 'DTC', lines: [{ sku, locationId: dc, quantity: 1 }] } }, demoKey('storefront'));
    const cartId = cart.data!.reserve.reservations[0].id;
    const release = contractOperation('storefront.graphql', 'ReleaseHold');
    const mine = await gql<any>(t.url, release, { id: cartId }, demoKey('storefront'));
    expect(mine.data!.releaseReservation.reservation.status).toBe('RELEASED');

    const routed = await gql<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'), { input: { channel: 'DTC', destination: geo, lines: [{ sku, quantity: 1 }] } }, demoKey('order-management'));
    const orderHold = routed.data!.routeOrder.reservations[0].id;
    const theirs = await gql<any>(t.url, release, { id: orderHold }, demoKey('storefront'));
    expect(theirs.data!.releaseReservation).toEqual({ reservation: null, userErrors: [{ field: ['id'], code: 'UNKNOWN_RESERVATION', message: 'Unknown reservation' }] });
    const nonexistent = await gql<any>(t.url, release, { id: 'R.bm9uZQ.bm9uZQ.0000' }, demoKey('storefront'));
    expect(nonexistent.data!.releaseReservation).toEqual(theirs.data!.releaseReservation);
    expect((await t.stack.platform.stores.ledger.getReservations([orderHold]))[0]!.status).toBe('ACTIVE');
  });
});
