/**
 * What the legacy OMS says happened to an order reaches other services as facts on the durable
 * 'oms-status' stream, published by the OMS subgraph's event poller: in one process and with the
 * OMS subgraph in a process of its own. A consumer in another group (here, the test's) gets each
 * OMS event once by its source id, in graph terms (global SKUs, locations).
 */
import { randomBytes } from 'node:crypto';
import { OMS_STATUS_TOPIC, type OmsStatusEvent } from '@stockgraph/shared/feeds';
import { AppliedIds, consumeTopic } from '@stockgraph/shared/streams';
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';
import { omsOrdersByExternalId } from '../support/omsOps';
import { demoKey, startTestStack, type StackKind, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

jest.setTimeout(120_000);

describe.each<StackKind>(['memory', 'separate'])('OMS order status facts on a durable stream (%s stack)', (kind) => {
  let t: TestStack;
  beforeAll(async () => { t = await startTestStack(`oms-status-${kind}`, kind, { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 }); });
  afterAll(() => t?.close());

  it('an order routed through the graph and cancelled in the OMS: created and cancelled, once each', async () => {
    const reg = t.platform.registry;
    const sku = reg.skuIds().find((id) => reg.localCode(id, 'OMS'))!;
    const ref = `T-STATUS-${randomBytes(4).toString('hex')}`;
    const routed = await gqlData<any>(t.url, contractOperation('operations.graphql', 'RouteOrder'),
      { input: { orderId: ref, channel: 'DTC', destination: { lat: 52.2, lng: -1.2 }, lines: [{ sku, quantity: 1 }] } }, demoKey('order-management'));
    expect(routed.routeOrder.userErrors).toEqual([]);
    const [order] = await omsOrdersByExternalId(t.clients.oms, ref);
    expect((await t.clients.oms.cancelOrder(order!.orderId, `cancel-${ref}`)).ok).toBe(true);
    await t.pollOmsEvents();
    await t.pollOmsEvents();

    const seen: OmsStatusEvent[] = [];
    const applied = new AppliedIds(100_000);
    const c = consumeTopic(t.platform.stores.kv, OMS_STATUS_TOPIC, {
      group: `test-${kind}`,
      handle: async (e, entry) => { if (applied.first(entry.sourceId) && e.orderId === order!.orderId) seen.push(e); },
    });
    try {
      await c.ready;
      await waitFor(async () => seen.map((e) => e.kind), (k) => k.includes('ORDER_CANCELLED'), { what: 'the cancellation on the stream' });
    } finally {
      await c.stop();
    }
    expect(seen.map((e) => e.kind)).toEqual(['ORDER_CREATED', 'ORDER_CANCELLED']);
    expect(seen[0]!.lines).toEqual([expect.objectContaining({ sku, qty: 1 })]);
    expect(seen[0]!.seq).toBeLessThan(seen[1]!.seq);
    expect((await t.platform.stores.kv.streams.pending(OMS_STATUS_TOPIC.stream, `test-${kind}`)).count).toBe(0);
  });
});
