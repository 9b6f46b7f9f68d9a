import type { Location } from '@stockgraph/shared';
import { contractOperation } from '../support/contract';
import { gql } from '../support/gql';
import { auditLedger } from '../support/ledgerAudit';
import { STACK_KINDS, startLifecycleStack, type LifecycleStack } from '../support/lifecycleStack';
import { CONFIRM_FULFILLMENT, codes, payload, placeStock, positionOf, routeOrder, type UserErrorOut } from '../support/omsOps';
import { demoKey } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

/*
 * An order's whole life through the gateway on real Redis, on the one-process stack and on the
 * stack where every subgraph is its own process: found by the caller's own orderId, cancelled in
 * part and in full (holds back at once, written to the legacy OMS, idempotent by key), cancelled
 * in the OMS itself, short-picked, collected, returned for a refund or an exchange; and every
 * refusal of the legacy OMS a userError.
 */

jest.setTimeout(300_000);

const ORDER_STATUS = contractOperation('lifecycle.graphql', 'OrderStatus');
const CANCEL_ORDER = contractOperation('lifecycle.graphql', 'CancelOrder');
const READY_FOR_PICKUP = 'mutation Ready($input: ReadyForPickupInput!) { readyForPickup(input: $input) { shipment { id status } userErrors { field code message } } }';
const RETURN_FOR_REFUND = `mutation Return($input: CreateReturnInput!) { createReturn(input: $input) {
  rma { id status orderId refund { amount } exchangeOrder { id status externalId } }
  userErrors { field code message } } }`;
const ops = demoKey('order-management');

interface OrderOut {
  id: string; externalId: string | null; channel: string; status: string;
  shipments: { id: string; status: string; location: { id: string }; lines: { sku: { id: string }; quantity: number; backorder: boolean }[] }[];
}
interface CancelOut { order: { id: string; status: string; shipments: { id: string; status: string }[] } | null; userErrors: UserErrorOut[] }

describe.each(STACK_KINDS)('an order’s whole life (%s stack)', (kind) => {
  let s: LifecycleStack;
  let sku: string[];
  let dcs: Location[];
  let pickupStore: Location;
  const tag = `${kind === 'separate' ? 'SP' : 'OP'}${process.pid}`;
  const id = (n: string) => `L-${tag}-${n}`;

  const orderStatus = async (orderId: string): Promise<OrderOut | null> => {
    const r = await gql(s.url, ORDER_STATUS, { id: orderId }, ops);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data!.order as OrderOut | null;
  };
  const cancel = async (input: Record<string, unknown>) => payload<CancelOut>(await gql(s.url, CANCEL_ORDER, { input }, ops), 'cancelOrder');
  const confirm = async (input: Record<string, unknown>) =>
    payload<{ shipment: { id: string; status: string } | null; userErrors: UserErrorOut[] }>(await gql(s.url, CONFIRM_FULFILLMENT, { input }, ops), 'confirmFulfillment');
  const reserved = async (k: string, loc: string) => (await positionOf(s.ledger, k, loc)).reserved;
  const omsOrder = async (orderId: string) => (await s.oms.getOrder(orderId))!;
  const route = async (orderId: string, lines: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) => {
    const a = await routeOrder(s.url, ops, { orderId, channel: 'DTC', destination: dcs[0]!.geo, lines, ...extra });
    expect(a.userErrors).toEqual([]);
    const o = (await orderStatus(orderId))!;
    expect(o).not.toBeNull();
    return { answer: a, order: o };
  };

  beforeAll(async () => {
    s = await startLifecycleStack(`lifecycle-${kind}`, kind);
    const reg = s.registry;
    sku = reg.skuIds().filter((x) => reg.localCode(x, 'OMS')).slice(10, 20);
    dcs = reg.allLocations().filter((l) => l.type === 'DISTRIBUTION_CENTER');
    pickupStore = reg.allLocations().find((l) => l.type === 'STORE' && l.capabilities.includes('PICKUP_IN_STORE') && l.capabilities.includes('RETURNS'))!;
    for (const k of sku) await placeStock(s.ledger, k, { [dcs[0]!.id]: 100, [dcs[1]!.id]: 100, [pickupStore.id]: 10 });
  });
  afterAll(async () => { await s?.close(); });

  it('finds an order by the caller’s own orderId and by the OMS number (OrderStatus as the contract sends it)', async () => {
    const { answer } = await route(id('find'), [{ sku: sku[0]!, quantity: 2 }]);
    const byRef = (await orderStatus(id('find')))!;
    expect(byRef.id).toMatch(/^OMS-\d+$/);
    expect(byRef).toMatchObject({ externalId: id('find'), channel: 'DTC', status: 'OPEN' });
    expect(byRef.shipments.map((x) => x.id)).toEqual(answer.plan!.shipments.map((x) => x.id));
    expect(byRef.shipments[0]!.lines).toEqual([{ sku: { id: sku[0] }, quantity: 2, backorder: false }]);
    expect(await orderStatus(byRef.id)).toEqual(byRef);
    expect(await orderStatus(`${id('find')}-nope`)).toBeNull();
  });

  it('cancels some units, then the rest: holds back at once, written to the OMS, idempotent by key', async () => {
    const k = sku[1]!;
    const { order } = await route(id('cancel'), [{ sku: k, quantity: 3 }]);
    const loc = order.shipments[0]!.location.id;
    const held = await reserved(k, loc);

    const part = await cancel({ orderId: id('cancel'), lines: [{ sku: k, quantity: 1 }], reason: 'customer changed mind', idempotencyKey: `${tag}-c1` });
    expect(part.userErrors).toEqual([]);
    expect(part.order).toMatchObject({ id: order.id, status: 'PARTIALLY_CANCELLED', shipments: [{ status: 'PLANNED' }] });
    expect((await orderStatus(id('cancel')))!.shipments[0]!.lines).toEqual([{ sku: { id: k }, quantity: 2, backorder: false }]);
    expect(await reserved(k, loc)).toBe(held - 1);
    expect((await omsOrder(order.id)).lines.map((l) => [l.qty, l.cancelledQty])).toEqual([[3, 1]]);

    // the same key again: the same answer, nothing cancelled or released twice
    const again = await cancel({ orderId: id('cancel'), lines: [{ sku: k, quantity: 1 }], reason: 'customer changed mind', idempotencyKey: `${tag}-c1` });
    expect(again).toEqual(part);
    expect(await reserved(k, loc)).toBe(held - 1);
    expect((await omsOrder(order.id)).lines[0]!.cancelledQty).toBe(1);
    const reused = await cancel({ orderId: id('cancel'), lines: [{ sku: k, quantity: 2 }], idempotencyKey: `${tag}-c1` });
    expect(codes(reused.userErrors)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    const tooMany = await cancel({ orderId: id('cancel'), lines: [{ sku: k, quantity: 3 }] });
    expect(codes(tooMany.userErrors)).toEqual(['OVER_CANCEL']);

    const rest = await cancel({ orderId: order.id, idempotencyKey: `${tag}-c2` });
    expect(rest.order).toMatchObject({ status: 'CANCELLED', shipments: [{ status: 'CANCELLED' }] });
    expect(await reserved(k, loc)).toBe(held - 3);
    expect(await omsOrder(order.id)).toMatchObject({ status: 'CANCELLED', lines: [{ qty: 3, cancelledQty: 3 }] });
    // cancelling a cancelled order is not an error, and changes nothing
    expect((await cancel({ orderId: id('cancel') })).order?.status).toBe('CANCELLED');
    expect(codes((await cancel({ orderId: `${tag}-no-such-order` })).userErrors)).toEqual(['UNKNOWN_ORDER']);
  });

  it('refuses to cancel what has shipped, and changes nothing', async () => {
    const k = sku[2]!;
    const { order } = await route(id('shipped'), [{ sku: k, quantity: 2 }]);
    expect((await confirm({ shipmentId: order.shipments[0]!.id })).shipment?.status).toBe('FULFILLED');
    expect((await orderStatus(id('shipped')))!.status).toBe('FULFILLED');
    expect(codes((await cancel({ orderId: id('shipped') })).userErrors)).toEqual(['ALREADY_FULFILLED']);
    expect(codes((await cancel({ orderId: id('shipped'), lines: [{ sku: k, quantity: 1 }] })).userErrors)).toEqual(['ALREADY_FULFILLED']);
    expect((await omsOrder(order.id)).lines[0]).toMatchObject({ fulfilledQty: 2, cancelledQty: 0 });
  });

  it('follows a cancel made in the legacy OMS itself: status, shipments and holds within a poll', async () => {
    const k = sku[3]!;
    const { order } = await route(id('oms-cancel'), [{ sku: k, quantity: 2 }]);
    const loc = order.shipments[0]!.location.id;
    const held = await reserved(k, loc);
    const done = await s.oms.cancelOrder(order.id, `${tag}-direct`);
    expect(done.ok).toBe(true);
    const after = await waitFor(() => orderStatus(id('oms-cancel')), (o) => o?.status === 'CANCELLED', { what: 'the OMS cancel to show', timeoutMs: 20 * s.pollMs + 5000 });
    expect(after!.shipments.map((x) => x.status)).toEqual(['CANCELLED']);
    expect(await reserved(k, loc)).toBe(held - 2);
  });

  it('places a short pick again elsewhere, and backorders what nowhere else has: no unit is lost', async () => {
    const k = sku[4]!;
    const { order } = await route(id('short'), [{ sku: k, quantity: 4 }]);
    const first = order.shipments[0]!;
    const from = first.location.id;
    const onHand = (await positionOf(s.ledger, k, from)).onHand;
    const picked = await confirm({ shipmentId: first.id, lines: [{ sku: k, quantity: 1 }] });
    expect(picked).toMatchObject({ shipment: { id: first.id, status: 'FULFILLED' }, userErrors: [] });
    const after = (await orderStatus(id('short')))!;
    expect(after.status).toBe('PARTIALLY_FULFILLED');
    const again = after.shipments.find((x) => x.id !== first.id)!;
    expect(again).toMatchObject({ status: 'PLANNED', lines: [{ sku: { id: k }, quantity: 3, backorder: false }] });
    expect(again.location.id).not.toBe(from);
    expect(after.shipments.find((x) => x.id === first.id)!.lines[0]!.quantity).toBe(1);
    const here = await positionOf(s.ledger, k, from);
    expect(here.onHand).toBe(onHand - 1);
    expect(await reserved(k, again.location.id)).toBeGreaterThanOrEqual(3);
    const oms = await omsOrder(order.id);
    expect(oms.lines.reduce((n, l) => n + l.qty, 0)).toBe(4);
    expect(oms.lines.find((l) => l.shipmentRef === again.id)).toMatchObject({ qty: 3, plant: again.location.id });

    // only one location has the SKU: what it cannot pick waits there as a backorder
    const solo = sku[5]!;
    await placeStock(s.ledger, solo, { [dcs[0]!.id]: 3 });
    const { order: o2 } = await route(id('backorder'), [{ sku: solo, quantity: 2 }]);
    const sh = o2.shipments[0]!;
    expect(await reserved(solo, sh.location.id)).toBe(2);
    expect((await confirm({ shipmentId: sh.id, lines: [{ sku: solo, quantity: 0 }] })).userErrors).toEqual([]);
    const b = (await orderStatus(id('backorder')))!;
    expect(b.status).toBe('OPEN');
    expect(b.shipments.flatMap((x) => x.lines.map((l) => [x.status, l.quantity, l.backorder]))).toEqual(
      expect.arrayContaining([['PLANNED', 2, true]]),
    );
    expect(b.shipments.flatMap((x) => x.lines).reduce((n, l) => n + l.quantity, 0)).toBe(2);
    expect(await reserved(solo, sh.location.id)).toBe(0);
  });

  it('collects a pickup with one confirm; ready for pickup is a step of its own', async () => {
    const k = sku[6]!;
    const one = await route(id('pickup-1'), [{ sku: k, quantity: 1 }], { destination: null, pickupLocationId: pickupStore.id });
    expect(one.order.shipments[0]!.status).toBe('PLANNED');
    expect((await confirm({ shipmentId: one.order.shipments[0]!.id })).shipment?.status).toBe('FULFILLED');
    expect((await orderStatus(id('pickup-1')))!.status).toBe('FULFILLED');

    const two = await route(id('pickup-2'), [{ sku: k, quantity: 1 }], { destination: null, pickupLocationId: pickupStore.id });
    const shipmentId = two.order.shipments[0]!.id;
    const ready = payload<{ shipment: { status: string } }>(await gql(s.url, READY_FOR_PICKUP, { input: { shipmentId } }, ops), 'readyForPickup');
    expect(ready.shipment.status).toBe('READY_FOR_PICKUP');
    expect((await orderStatus(id('pickup-2')))!.shipments[0]!.status).toBe('READY_FOR_PICKUP');
    expect((await confirm({ shipmentId })).shipment?.status).toBe('FULFILLED');

    const ship = await route(id('not-pickup'), [{ sku: k, quantity: 1 }]);
    const refused = payload<{ userErrors: UserErrorOut[] }>(await gql(s.url, READY_FOR_PICKUP, { input: { shipmentId: ship.order.shipments[0]!.id } }, ops), 'readyForPickup');
    expect(codes(refused.userErrors)).toEqual(['INVALID_SHIPMENT_STATE']);
  });

  it('refunds a disposed return, and routes the replacement of an exchange as a new order', async () => {
    const k = sku[7]!;
    const { order } = await route(id('ret'), [{ sku: k, quantity: 2 }]);
    await confirm({ shipmentId: order.shipments[0]!.id });
    const price = s.registry.sku(k)!.price ?? 0;
    const refund = payload<{ rma: { status: string; orderId: string; refund: { amount: number } } }>(await gql(s.url, RETURN_FOR_REFUND, {
      input: { orderId: id('ret'), channel: 'DTC', returnLocationId: pickupStore.id, lines: [{ sku: k, quantity: 1, condition: 'NEW' }], idempotencyKey: `${tag}-r1` },
    }, ops), 'createReturn');
    expect(refund.rma).toMatchObject({ status: 'REFUNDED', orderId: order.id, refund: { amount: price } });

    const x = payload<{ rma: { status: string; exchangeOrder: OrderOut }; userErrors: UserErrorOut[] }>(await gql(s.url, RETURN_FOR_REFUND, {
      input: {
        orderId: id('ret'), channel: 'DTC', returnLocationId: pickupStore.id, lines: [{ sku: k, quantity: 1, condition: 'DAMAGED' }],
        exchange: { lines: [{ sku: k, quantity: 1 }], destination: dcs[0]!.geo }, idempotencyKey: `${tag}-r2`,
      },
    }, ops), 'createReturn');
    expect(x.userErrors).toEqual([]);
    expect(x.rma.status).toBe('EXCHANGED');
    expect(x.rma.exchangeOrder).toMatchObject({ status: 'OPEN' });
    expect((await orderStatus(x.rma.exchangeOrder.id))!.shipments).toMatchObject([{ lines: [{ sku: { id: k }, quantity: 1 }] }]);
    expect((await omsOrder(x.rma.exchangeOrder.id)).lines.map((l) => l.qty)).toEqual([1]);
  });

  it('answers every refusal of the legacy OMS as a userError, never an internal error (200 concurrent returns)', async () => {
    const k = sku[8]!;
    // the OMS has seen this order's key with another body (409): a userError, and nothing held
    const orderId = id('dup');
    const before = await positionOf(s.ledger, k, dcs[0]!.id);
    const clash = await fetch(`${s.omsUrl}/oms/v2/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `route:order:order-management/${orderId}` },
      body: JSON.stringify({ external_id: 'someone-else', channel: 'web', lines: [{ line_no: 1, sku: s.registry.localCode(k, 'OMS'), qty: 1, node_id: `N-${dcs[0]!.id}`, method: 'ship' }] }),
    });
    expect(clash.status).toBe(201);
    const r = await gql(s.url, contractOperation('operations.graphql', 'RouteOrder'), { input: { orderId, channel: 'DTC', destination: dcs[0]!.geo, lines: [{ sku: k, quantity: 1 }] } }, ops);
    expect(r.errors).toBeUndefined();
    expect(codes(r.data!.routeOrder.userErrors)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await positionOf(s.ledger, k, dcs[0]!.id)).reserved).toBe(before.reserved);
    expect(await orderStatus(orderId)).toBeNull();

    // fulfilled in the OMS behind the graph's back, then cancelled through the graph
    const { order } = await route(id('behind'), [{ sku: k, quantity: 1 }]);
    const [line] = (await omsOrder(order.id)).lines;
    expect((await s.oms.createFulfilment(order.id, { shipmentRef: line!.shipmentRef!, lines: [{ lineNo: line!.lineNo, qty: 1 }] }, `${tag}-behind`)).ok).toBe(true);
    expect(codes((await cancel({ orderId: id('behind') })).userErrors)).toEqual(['ALREADY_FULFILLED']);

    // 200 returns of one unit at once against 2 shipped: 2 taken, the rest OVER_RETURN, each restocked once
    const { order: sold } = await route(id('over'), [{ sku: k, quantity: 2 }]);
    await confirm({ shipmentId: sold.shipments[0]!.id });
    const shelf = (await positionOf(s.ledger, k, pickupStore.id)).onHand;
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => gql(s.url, RETURN_FOR_REFUND, {
      input: { orderId: id('over'), channel: 'DTC', returnLocationId: pickupStore.id, lines: [{ sku: k, quantity: 1, condition: 'NEW' }], idempotencyKey: `${tag}-over-${i}` },
    }, ops)));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const outcome = answers.map((a) => (a.data!.createReturn.rma ? 'OK' : codes(a.data!.createReturn.userErrors).join()));
    expect(outcome.filter((o) => o === 'OK')).toHaveLength(2);
    expect(new Set(outcome.filter((o) => o !== 'OK'))).toEqual(new Set(['OVER_RETURN']));
    expect((await omsOrder(order.id)).lines[0]!.returnedQty).toBe(0);
    expect((await omsOrder(sold.id)).lines[0]!.returnedQty).toBe(2);
    expect((await positionOf(s.ledger, k, pickupStore.id)).onHand).toBe(shelf + 2);
  });

  it('200 concurrent cancels of 40 orders: each unit cancelled once, every hold released once, reserved = active holds', async () => {
    const k = sku[9]!;
    await placeStock(s.ledger, k, { [dcs[0]!.id]: 60, [dcs[1]!.id]: 60 });
    const orders = await Promise.all(Array.from({ length: 40 }, (_, i) => route(id(`bulk-${i}`), [{ sku: k, quantity: 2 }]).then((x) => x.order)));
    const heldBefore = (await Promise.all(dcs.slice(0, 2).map((d) => reserved(k, d.id)))).reduce((a, b) => a + b, 0);
    expect(heldBefore).toBe(80);
    // per order: the full cancel twice under one key, and three one-unit cancels without a key
    const calls = orders.flatMap((o, i) => [
      { orderId: id(`bulk-${i}`), idempotencyKey: `${tag}-bulk-${i}` },
      { orderId: o.id, idempotencyKey: `${tag}-bulk-${i}` },
      ...[0, 1, 2].map(() => ({ orderId: id(`bulk-${i}`), lines: [{ sku: k, quantity: 1 }] })),
    ]);
    expect(calls).toHaveLength(200);
    const answers = await Promise.all(calls.map((input) => gql(s.url, CANCEL_ORDER, { input }, ops)));
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const allowed = new Set(['OVER_CANCEL', 'IDEMPOTENCY_IN_FLIGHT', 'IDEMPOTENCY_KEY_REUSED']);
    const refusals = answers.flatMap((a) => codes(a.data!.cancelOrder.userErrors));
    expect(refusals.filter((c) => !allowed.has(c))).toEqual([]);
    for (const [i, o] of orders.entries()) {
      // the keyed full cancel may have found the units taken by one-unit cancels first: retried, it finishes
      const left = await cancel({ orderId: id(`bulk-${i}`) });
      expect(left.order?.status ?? codes(left.userErrors).join()).toBe('CANCELLED');
      const inOms = await omsOrder(o.id);
      expect(inOms).toMatchObject({ status: 'CANCELLED' });
      expect(inOms.lines.map((l) => l.cancelledQty)).toEqual(inOms.lines.map((l) => l.qty));
    }
    expect((await Promise.all(dcs.slice(0, 2).map((d) => reserved(k, d.id)))).reduce((a, b) => a + b, 0)).toBe(0);
    const audit = await auditLedger(s.redis, s.prefix);
    expect(audit.mismatches).toEqual([]);
    expect(audit.reservations.filter((r) => r.sku === k && r.status === 'ACTIVE')).toEqual([]);
  });
});
