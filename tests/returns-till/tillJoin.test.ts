// A return recorded twice — at the till (POS feed) and through the API — counts once, and a till
// return that names an order joins the same RMA model; in one process and with every subgraph in
// its own (the POS subgraph publishes the till return on a durable stream, the OMS subgraph joins it).
import { randomBytes } from 'node:crypto';
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';
import { omsOrdersByExternalId } from '../support/omsOps';
import { demoKey, startTestStack, type StackKind, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

jest.setTimeout(120_000);

describe.each<StackKind>(['redis', 'separate'])('till returns join the RMA model and count once (%s stack)', (kind) => {
  let t: TestStack;
  const oms = () => demoKey('order-management');
  beforeAll(async () => { t = await startTestStack(`returns-till-join-${kind}`, kind, { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }); });
  afterAll(() => t?.close());

  const STORE = 'S001';
  const reg = () => t.platform.registry;
  let next = 0;
  // a SKU of its own per case: the two cases never see each other's movements
  const sku = () => reg().skuIds().filter((id) => reg().localCode(id, 'OMS') && reg().localCode(id, 'POS'))[next++]!;
  const onHand = async (s: string) => (await t.platform.stores.ledger.getPositions([{ sku: s, locationId: STORE }]))[0]?.onHand ?? 0;
  const tillMovements = async (s: string) => (await t.platform.stores.ledger.history({ sku: s, locationId: STORE }, 50)).movements.filter((m) => m.source === 'POS' && m.reason === 'RETURN');

  async function shippedOrder(s: string): Promise<string> {
    const ref = `T-TILL-${randomBytes(4).toString('hex')}`;
    const routed = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { orderId: ref, channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku: s, quantity: 2 }] } }, oms());
    expect(routed.routeOrder.userErrors).toEqual([]);
    for (const sh of routed.routeOrder.plan.shipments) {
      await gqlData(t.url, contractOperation('operations.graphql', 'ConfirmFulfillment'), { input: { shipmentId: sh.id } }, oms());
    }
    const [order] = await omsOrdersByExternalId(t.clients.oms, ref);
    return order!.orderId;
  }

  async function tillReturn(s: string, orderId: string): Promise<void> {
    const before = (await tillMovements(s)).length;
    await t.clients.pos.ringReturn(reg().locationCode(STORE, 'POS')!, [{ barcode: reg().localCode(s, 'POS')!, qty: 1 }], orderId);
    await waitFor(async () => (await tillMovements(s)).length, (n) => n > before, { what: 'the till return in the ledger' });
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
    // the till's +1 and its compensating −1 (joined by the OMS subgraph's stream consumer) are both in the history
    const lines = await waitFor(() => tillMovements(s), (ms) => ms.some((m) => m.delta === -1 && m.sourceEventId.endsWith(':joined')), { what: 'the joined line' });
    expect(lines.filter((m) => m.sourceEventId.endsWith(':joined'))).toHaveLength(1);
    expect(await onHand(s)).toBe(start + 1);
    expect((await t.clients.oms.getOrder(orderId))!.lines.reduce((n, l) => n + l.returnedQty, 0)).toBe(1);
  });

  it('till first, then the API: the till return becomes an RMA in the OMS, and the API duplicate is refused', async () => {
    const s = sku();
    const orderId = await shippedOrder(s);
    const start = await onHand(s);
    await tillReturn(s, orderId);
    const returned = async () => (await t.clients.oms.getOrder(orderId))!.lines.reduce((n, l) => n + l.returnedQty, 0);
    await waitFor(returned, (n) => n > 0, { what: 'the till return written to the OMS' });
    expect(await returned()).toBe(1);
    expect(await onHand(s)).toBe(start + 1);
    const api = await gqlData<any>(t.url, contractOperation('operations.graphql', 'CreateReturn'),
      { input: { orderId, channel: 'DTC', returnLocationId: STORE, lines: [{ sku: s, quantity: 2, condition: 'NEW' }] } }, oms());
    expect(api.createReturn.userErrors[0].code).toBe('OVER_RETURN');
    expect(await onHand(s)).toBe(start + 1);
    expect(await returned()).toBe(1);
  });
});
