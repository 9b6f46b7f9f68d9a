/**
 * kill -9 of a consuming subgraph between delivery and acknowledgement, every part in its own
 * process: the consumer applied a fact and died before XACK (STREAM_KILL_BEFORE_ACK makes it kill
 * itself at exactly that point). After a restart the entry is taken over from the dead consumer
 * (XAUTOCLAIM) or replayed, and each fact takes effect exactly once.
 */
import { randomBytes } from 'node:crypto';
import { TILL_RETURNS_STREAM } from '@stockgraph/shared/feeds';
import { DEMAND_CHANNEL } from '@stockgraph/shared/feeds';
import { KPI_CHANNEL } from '@stockgraph/shared/feeds';
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';
import { omsOrdersByExternalId } from '../support/omsOps';
import { demoKey, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

jest.setTimeout(180_000);

const STORE = 'S001';
const HISTORY = `query H($sku: ID!, $loc: ID!) { sku(id: $sku) { demandHistory(locationId: $loc, days: 1) { total } } }`;
const day = () => new Date().toISOString().slice(0, 10);

describe('a consuming subgraph killed between applying a stream entry and acknowledging it', () => {
  let t: TestStack;
  const oms = () => demoKey('order-management');
  beforeAll(async () => {
    t = await startTestStack('stream-consumer-killed', 'separate', { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }, {
      oms: { STREAM_KILL_BEFORE_ACK: TILL_RETURNS_STREAM },
      planning: { STREAM_KILL_BEFORE_ACK: DEMAND_CHANNEL },
    });
    // the cases run in this order: planning dies on a demand fact, then on a KPI fact, then the OMS on a till return
  });
  afterAll(() => t?.close());

  const reg = () => t.platform.registry;
  const streams = () => t.platform.stores.kv.streams;
  const skus = () => reg().skuIds().filter((id) => reg().localCode(id, 'OMS') && reg().localCode(id, 'POS'));
  const onHand = async (s: string) => (await t.platform.stores.ledger.getPositions([{ sku: s, locationId: STORE }]))[0]?.onHand ?? 0;
  const returnedUnits = async (orderId: string) => (await t.clients.oms.getOrder(orderId))!.lines.reduce((n, l) => n + l.returnedQty, 0);

  async function shippedOrder(s: string, quantity: number): Promise<string> {
    const ref = `T-KILL-${randomBytes(4).toString('hex')}`;
    const routed = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { orderId: ref, channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku: s, quantity }] } }, oms());
    expect(routed.routeOrder.userErrors).toEqual([]);
    for (const sh of routed.routeOrder.plan.shipments) {
      await gqlData(t.url, contractOperation('operations.graphql', 'ConfirmFulfillment'), { input: { shipmentId: sh.id } }, oms());
    }
    return (await omsOrdersByExternalId(t.clients.oms, ref))[0]!.orderId;
  }

  const demandTotal = async (s: string) => (await gqlData<any>(t.url, HISTORY, { sku: s, loc: STORE }, demoKey('planner'))).sku.demandHistory?.total ?? 0;

  it('planning: a till sale applied to the demand history, then kill -9 before XACK: after the restart it counts once', async () => {
    const s = skus()[1]!;
    const before = await demandTotal(s);
    const dying = t.separate!.processes.planning!;
    await t.clients.pos.ringSale(reg().locationCode(STORE, 'POS')!, [{ barcode: reg().localCode(s, 'POS')!, qty: 3 }]);
    expect(await dying.exited).toBe('SIGKILL');
    expect((await streams().pending(DEMAND_CHANNEL, 'planning')).count).toBeGreaterThanOrEqual(1);

    // the next planning process dies on its first KPI fact instead (next case)
    await t.separate!.respawn('planning', { STREAM_KILL_BEFORE_ACK: KPI_CHANNEL });
    await waitFor(() => streams().pending(DEMAND_CHANNEL, 'planning'), (p) => p.count === 0, { what: 'the demand entry taken over and acknowledged', timeoutMs: 30_000 });
    expect(await demandTotal(s)).toBe(before + 3);
    await t.clients.pos.ringSale(reg().locationCode(STORE, 'POS')!, [{ barcode: reg().localCode(s, 'POS')!, qty: 2 }]);
    await waitFor(() => demandTotal(s), (n) => n === before + 5, { what: 'the next sale' });
  });

  it('planning: a fill-rate fact applied, then kill -9 before XACK: after the restart the fact is there, once', async () => {
    const kpis = async () => (await gqlData<any>(t.url, contractOperation('planning.graphql', 'InventoryKpis'), { from: day(), to: day(), channel: 'DTC' }, demoKey('planner'))).inventoryKpis;
    const s = skus()[2]!;
    const total = (await t.platform.stores.ledger.getPositionsForSkus([s]))[0]!.reduce((n, p) => n + Math.max(0, p.onHand - p.reserved - p.safetyStock), 0);
    const dying = t.separate!.processes.planning!;
    // an order the network can serve only in part: ordered total + 5, filled at most total
    const big = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku: s, quantity: total + 5 }] } }, oms());
    const served = big.routeOrder.plan.shipments.flatMap((x: any) => x.lines).reduce((n: number, l: any) => n + l.quantity, 0);
    expect(await dying.exited).toBe('SIGKILL');
    await t.separate!.respawn('planning', { STREAM_KILL_BEFORE_ACK: '' });
    await waitFor(() => streams().pending(KPI_CHANNEL, 'planning'), (p) => p.count === 0, { what: 'the KPI entry taken over and acknowledged', timeoutMs: 30_000 });
    // the only order of this run so far
    const k = await waitFor(kpis, (x) => x.fillRate !== null);
    expect(served).toBeLessThan(total + 5);
    expect(k.fillRate).toBeCloseTo(served / (total + 5), 6);
  });

  it('OMS: a till return joined to its RMA, then kill -9 before XACK: after the restart it is not joined a second time', async () => {
    const s = skus()[0]!;
    const orderId = await shippedOrder(s, 3);
    const start = await onHand(s);
    const dying = t.separate!.processes.oms!;
    await t.clients.pos.ringReturn(reg().locationCode(STORE, 'POS')!, [{ barcode: reg().localCode(s, 'POS')!, qty: 1 }], orderId);
    expect(await dying.exited).toBe('SIGKILL');
    // it wrote the RMA to the OMS, and the entry is still pending with the dead consumer
    expect(await returnedUnits(orderId)).toBe(1);
    const pending = await streams().pending(TILL_RETURNS_STREAM, 'oms');
    expect(pending.count).toBe(1);
    expect(pending.consumers).toEqual([{ name: expect.stringContaining(`-${dying.pid}`), pending: 1 }]);

    await t.separate!.respawn('oms', { STREAM_KILL_BEFORE_ACK: '' });
    await waitFor(() => streams().pending(TILL_RETURNS_STREAM, 'oms'), (p) => p.count === 0, { what: 'the entry taken over and acknowledged', timeoutMs: 30_000 });
    expect(await returnedUnits(orderId)).toBe(1);
    expect(await onHand(s)).toBe(start + 1);
    // The till line counts once in the join too. An API return of two more units takes one for the
    // unit the till already counted (the join's rule) and restocks the other; a till line counted
    // twice would have swallowed both.
    const api = await gqlData<any>(t.url, contractOperation('operations.graphql', 'CreateReturn'),
      { input: { orderId, channel: 'DTC', returnLocationId: STORE, lines: [{ sku: s, quantity: 2, condition: 'NEW' }] } }, oms());
    expect(api.createReturn.userErrors).toEqual([]);
    expect(await returnedUnits(orderId)).toBe(3);
    expect(await onHand(s)).toBe(start + 2);
  });
});
