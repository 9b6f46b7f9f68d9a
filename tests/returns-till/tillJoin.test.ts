// Issue 5: a return recorded twice — at the till (POS feed) and through the API — counts once,
// and a till return that names an order joins the same RMA model.
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';
import { demoKey, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

describe('till returns join the RMA model and count once', () => {
  let t: TestStack;
  const oms = () => demoKey('order-management');
  beforeAll(async () => { t = await startTestStack('returns-till-join', 'redis', { omsPollMs: 0, reconcileMs: 0 }); });
  afterAll(() => t.close());

  const STORE = 'S001';
  const reg = () => t.stack.platform.registry;
  const sku = () => reg().skuIds().find((id) => reg().localCode(id, 'OMS') && reg().localCode(id, 'POS'))!;
  const onHand = async (s: string) => (await t.stack.platform.stores.ledger.getPositions([{ sku: s, locationId: STORE }]))[0]?.onHand ?? 0;

  async function shippedOrder(s: string): Promise<string> {
    const routed = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku: s, quantity: 2 }] } }, oms());
    expect(routed.routeOrder.userErrors).toEqual([]);
    for (const sh of routed.routeOrder.plan.shipments) {
      await gqlData(t.url, contractOperation('operations.graphql', 'ConfirmFulfillment'), { input: { shipmentId: sh.id } }, oms());
    }
    const [shipment] = await t.stack.apps.oms.deps.orders.shipments([routed.routeOrder.plan.shipments[0].id]);
    return shipment!.orderId;
  }

  async function tillReturn(s: string, orderId: string): Promise<void> {
    const history = async () => (await t.stack.platform.stores.ledger.history({ sku: s, locationId: STORE }, 50)).movements.filter((m) => m.source === 'POS' && m.reason === 'RETURN').length;
    const before = await history();
    await t.stack.clients.pos.ringReturn(reg().locationCode(STORE, 'POS')!, [{ barcode: reg().localCode(s, 'POS')!, qty: 1 }], orderId);
    await waitFor(history, (n) => n > before, { what: 'the till return in the ledger' });
  }

  it('API first, then the till: the till line is taken back, the unit counts once', async () => {
    const s = sku();
    const orderId = await shippedOrder(s);
    const start = await onHand(s);
    const api = await gqlData<any>(t.url, contractOperation('operations.graphql', 'CreateReturn'),
      { input: { orderId, channel: 'DTC', returnLocationId: STORE, lines: [{ sku: s, quantity: 1, condition: 'NEW' }] } }, oms());
    expect(api.createReturn.userErrors).toEqual([]);
    expect(await onHand(s)).toBe(start + 1);
    await tillReturn(s, orderId);
    // the till's +1 and its compensating −1 are both in the history; on hand moved once
    await waitFor(async () => (await t.stack.platform.stores.ledger.history({ sku: s, locationId: STORE }, 5)).movements,
      (lines) => lines.some((m) => m.source === 'POS' && m.delta === -1 && m.sourceEventId.endsWith(':joined')), { what: 'the till line taken back' });
    expect(await onHand(s)).toBe(start + 1);
  });

  it('till first, then the API: the till return becomes an RMA in the OMS, and the API duplicate is refused', async () => {
    const s = sku();
    const orderId = await shippedOrder(s);
    const start = await onHand(s);
    await tillReturn(s, orderId);
    const returned = await waitFor(async () => (await t.stack.clients.oms.getOrder(orderId))!.lines.reduce((n, l) => n + l.returnedQty, 0), (n) => n > 0, { what: 'the RMA in the OMS' });
    expect(returned).toBe(1);
    expect(await onHand(s)).toBe(start + 1);
    const api = await gqlData<any>(t.url, contractOperation('operations.graphql', 'CreateReturn'),
      { input: { orderId, channel: 'DTC', returnLocationId: STORE, lines: [{ sku: s, quantity: 2, condition: 'NEW' }] } }, oms());
    expect(api.createReturn.userErrors[0].code).toBe('OVER_RETURN');
    expect(await onHand(s)).toBe(start + 1);
  });
});
