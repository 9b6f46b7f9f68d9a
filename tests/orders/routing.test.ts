import type { Location } from '@stockgraph/shared';
import { omsKeyOf, parseRoutingConfig, type RoutingConfig } from '@stockgraph/oms';
import { startTestStack, demoKey, type TestStack } from '../support/startTestStack';
import { haversineKm } from '../support/expected';
import { gql } from '../support/gql';
import { waitFor } from '../support/waitFor';
import {
  ORDER_QUERY, RELEASE_HOLD, confirmFulfillment, omsOrdersByExternalId, placeStock, positionOf, reservationStatus, routeOrder,
  type RouteAnswer,
} from '../support/omsOps';

/*
 * Issue 4, routing, through the gateway on real Redis: RouteOrder and ConfirmFulfillment as order
 * management sends them. Each test places one SKU's stock where it wants it (a newer count), so
 * the expected plan follows from the cost model in configuration and great-circle distances.
 */

const cfg: RoutingConfig = parseRoutingConfig({});
let t: TestStack;
const ops = demoKey('order-management');
const ledger = () => t.stack.platform.stores.ledger;
let skus: string[];
let dcs: Location[];
let sfs: Location[];
let cnc: Location[];
const takeSku = () => skus.shift()!;
/** every order this file saw acknowledged: checked against the OMS at the end */
const acknowledged: { ref: string; answer: RouteAnswer }[] = [];
let seq = 0;
const ref = (what: string) => `T-${what}-${process.pid}-${++seq}`;

const km = (a: Location, b: { lat: number; lng: number }) => haversineKm(a.geo, b);
const nearest = (from: { lat: number; lng: number }, among: Location[]) => [...among].sort((x, y) => km(x, from) - km(y, from))[0];
/** one shipment's cost by the configured cost model */
const shipmentCost = (type: Location['type'], method: keyof RoutingConfig['cost']['perKm'], distance: number, units: number) =>
  cfg.cost.perShipment[type] + cfg.cost.perKm[method] * distance + cfg.cost.perUnit[type] * units;

async function route(input: Record<string, unknown>): Promise<RouteAnswer> {
  const answer = await routeOrder(t.url, ops, { channel: 'DTC', ...input });
  if (answer.plan?.shipments.length && input.reserve !== false) acknowledged.push({ ref: String(input.orderId), answer });
  return answer;
}

beforeAll(async () => {
  t = await startTestStack('orders-routing', 'redis', { omsRouting: cfg, omsPickupWindowMs: 300, omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 });
  const reg = t.stack.platform.registry;
  skus = reg.skuIds().filter((id) => reg.localCode(id, 'OMS'));
  const locations = reg.allLocations();
  dcs = locations.filter((l) => l.type === 'DISTRIBUTION_CENTER');
  sfs = locations.filter((l) => l.type === 'STORE' && l.capabilities.includes('SHIP_FROM_STORE'));
  cnc = locations.filter((l) => l.type === 'STORE' && l.capabilities.includes('PICKUP_IN_STORE'));
  expect(dcs.length).toBeGreaterThanOrEqual(3);
  expect(sfs.length).toBeGreaterThanOrEqual(2);
  expect(cnc.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => { await t?.close(); });

describe('routing through the gateway', () => {
  it('one location that can serve all ships everything in one shipment, splitCount 0', async () => {
    const [a, b] = [takeSku(), takeSku()];
    const [d1, d2, d3] = dcs;
    await placeStock(ledger(), a, { [d1.id]: 5, [d2.id]: 5 });
    await placeStock(ledger(), b, { [d1.id]: 5, [d3.id]: 5 });
    const dest = { lat: d1.geo.lat + 0.3, lng: d1.geo.lng + 0.3 };
    const answer = await route({ orderId: ref('single'), destination: dest, lines: [{ sku: a, quantity: 2 }, { sku: b, quantity: 3 }] });
    expect(answer.userErrors).toEqual([]);
    const plan = answer.plan!;
    expect(plan.splitCount).toBe(0);
    expect(plan.unassigned).toEqual([]);
    expect(plan.shipments).toHaveLength(1);
    const s = plan.shipments[0];
    expect(s).toMatchObject({ status: 'PLANNED', location: { id: d1.id, type: 'DISTRIBUTION_CENTER' }, method: 'SHIP_FROM_DC' });
    expect(s.lines.map((l) => [l.sku.id, l.quantity]).sort()).toEqual([[a, 2], [b, 3]].sort());
    expect(s.distanceKm).toBeCloseTo(km(d1, dest), 3);
    expect(s.cost).toBeCloseTo(shipmentCost('DISTRIBUTION_CENTER', 'SHIP_FROM_DC', km(d1, dest), 5), 4);
    expect(plan.totalCost).toBeCloseTo(s.cost, 6);
    expect(answer.reservations.map((r) => r.status)).toEqual(['ACTIVE', 'ACTIVE']);
    expect((await positionOf(ledger(), a, d1.id)).reserved).toBe(2);
    expect((await positionOf(ledger(), b, d1.id)).reserved).toBe(3);
  });

  it('on equal cost the nearest location wins', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, Object.fromEntries(dcs.map((d) => [d.id, 10])));
    // a destination at a store: the DCs differ only in distance, and distance is free for this test
    const dest = cnc[0].geo;
    const expected = nearest(dest, dcs);
    const saved = { ...cfg.cost.perKm };
    Object.assign(cfg.cost.perKm, { SHIP_FROM_DC: 0, SHIP_FROM_STORE: 0, PICKUP_IN_STORE: 0 });
    let answer: RouteAnswer;
    try {
      answer = await route({ orderId: ref('tie'), destination: dest, lines: [{ sku, quantity: 2 }] });
    } finally {
      Object.assign(cfg.cost.perKm, saved);
    }
    const s = answer.plan!.shipments;
    expect(s.map((x) => x.location.id)).toEqual([expected.id]);
    // every DC would have cost the same
    expect(s[0].cost).toBeCloseTo(cfg.cost.perShipment.DISTRIBUTION_CENTER + cfg.cost.perUnit.DISTRIBUTION_CENTER * 2, 6);
  });

  it('a store whose picking capacity for the day is used up is passed over for the next store', async () => {
    const sku = takeSku();
    // the ship-from-store store with the smallest capacity, and the store nearest to it
    const full = [...sfs].sort((x, y) => x.dailyCapacity - y.dailyCapacity)[0];
    const next = nearest(full.geo, sfs.filter((s) => s.id !== full.id));
    await placeStock(ledger(), sku, { [full.id]: full.dailyCapacity + 10, [next.id]: full.dailyCapacity + 10 });
    const dest = full.geo;
    const served: string[] = [];
    for (let i = 0; i < full.dailyCapacity; i++) {
      const a = await route({ orderId: ref(`cap${i}`), destination: dest, lines: [{ sku, quantity: 1 }] });
      served.push(a.plan!.shipments.map((s) => s.location.id).join());
    }
    expect(served).toEqual(served.map(() => full.id));
    const after = await route({ orderId: ref('cap-next'), destination: dest, lines: [{ sku, quantity: 1 }] });
    expect(after.plan!.shipments.map((s) => [s.location.id, s.method])).toEqual([[next.id, 'SHIP_FROM_STORE']]);
    expect(after.plan!.shipments[0].distanceKm).toBeCloseTo(km(next, dest), 3);
  });

  it('store capacity counts orders: one order takes more units than the capacity figure', async () => {
    const sku = takeSku();
    const store = [...sfs].sort((x, y) => x.dailyCapacity - y.dailyCapacity)[1];
    const units = store.dailyCapacity + 2;
    await placeStock(ledger(), sku, { [store.id]: units });
    const a = await route({ orderId: ref('cap-units'), destination: store.geo, lines: [{ sku, quantity: units }] });
    expect(a.plan!.unassigned).toEqual([]);
    expect(a.plan!.shipments.map((s) => [s.location.id, s.lines[0].quantity])).toEqual([[store.id, units]]);
  });
});

describe('store capacity under concurrent orders', () => {
  it("orders routed at once never take more than a store's daily capacity: the rest go to the next store", async () => {
    const sku = takeSku();
    const busy = [...sfs].sort((x, y) => x.dailyCapacity - y.dailyCapacity)[2];
    const other = nearest(busy.geo, sfs.filter((s) => s.id !== busy.id));
    const orders = busy.dailyCapacity + 4;
    await placeStock(ledger(), sku, { [busy.id]: orders + 10, [other.id]: orders + 10 });
    const day = new Date().toISOString().slice(0, 10);
    const [before] = await t.stack.platform.stores.kv.hmget(`picks:${day}`, [busy.id]);
    const free = busy.dailyCapacity - Number(before ?? 0);
    expect(free).toBeGreaterThan(0);
    const orderIds = Array.from({ length: orders }, (_, i) => ref(`cap-par${i}`));
    const answers = await Promise.all(orderIds.map((orderId) => route({ orderId, destination: busy.geo, lines: [{ sku, quantity: 1 }] })));
    const from = answers.map((a) => a.plan!.shipments.map((s) => s.location.id).join());
    expect(from.filter((id) => id === busy.id)).toHaveLength(free);
    expect(from.filter((id) => id === other.id)).toHaveLength(orders - free);
    const [after] = await t.stack.platform.stores.kv.hmget(`picks:${day}`, [busy.id]);
    expect(Number(after)).toBe(busy.dailyCapacity);
    // the holds of the orders that lost the store's last picks went back, and the intents written
    // beside them went too: each SKU unit is held once, and no intent outlives its order
    expect((await positionOf(ledger(), sku, busy.id)).reserved + (await positionOf(ledger(), sku, other.id)).reserved).toBe(orders);
    const orderStore = t.stack.apps.oms.deps.orders;
    await waitFor(async () => (await Promise.all(orderIds.map((id) => orderStore.intent(omsKeyOf({ orderId: id }, 'order-management')!)))).filter((x) => x !== null).length, (n) => n === 0, { what: 'the intents to go' });
  });
});

describe('a plan whose holds cannot be kept', () => {
  it('a store that fills between planning and holding on every attempt: nothing held, no pick kept, no intent left', async () => {
    const sku = takeSku();
    const store = sfs[0];
    await placeStock(ledger(), sku, { [store.id]: 5 });
    const day = new Date().toISOString().slice(0, 10);
    const picksBefore = await t.stack.platform.stores.kv.hmget(`picks:${day}`, [store.id]);
    const orders = t.stack.apps.oms.deps.orders;
    const takePick = jest.spyOn(orders, 'takePick').mockResolvedValue(false);
    const orderId = ref('always-full');
    try {
      const answer = await route({ orderId, destination: store.geo, lines: [{ sku, quantity: 2 }] });
      expect(takePick).toHaveBeenCalledTimes(3);
      expect(answer.plan!.shipments).toEqual([]);
      expect(answer.plan!.unassigned.map((u) => [u.sku.id, u.quantity])).toEqual([[sku, 2]]);
      expect(answer.reservations).toEqual([]);
    } finally {
      takePick.mockRestore();
    }
    expect((await positionOf(ledger(), sku, store.id)).reserved).toBe(0);
    expect(await t.stack.platform.stores.kv.hmget(`picks:${day}`, [store.id])).toEqual(picksBefore);
    // each attempt wrote the order's intent beside its holds; the last one's went with them
    expect(await orders.intent(omsKeyOf({ orderId }, 'order-management')!)).toBeNull();
    expect(await omsOrdersByExternalId(t.stack.clients.oms, orderId)).toEqual([]);
  });
});

describe('click-and-collect', () => {
  /** the click-and-collect store nearest to a DC: where a transfer is cheapest */
  const pickupStore = () => [...cnc].sort((x, y) => km(x, nearest(x.geo, dcs).geo) - km(y, nearest(y.geo, dcs).geo))[0];
  let localOrder: { ref: string; shipmentId: string; sku: string; store: string };

  it('with stock at the pickup store, the order is held there', async () => {
    const sku = takeSku();
    const p = pickupStore();
    await placeStock(ledger(), sku, { [p.id]: 3, ...Object.fromEntries(dcs.map((d) => [d.id, 50])) });
    const orderId = ref('pickup-local');
    const answer = await route({ orderId, pickupLocationId: p.id, lines: [{ sku, quantity: 2 }] });
    expect(answer.userErrors).toEqual([]);
    const s = answer.plan!.shipments;
    expect(s.map((x) => [x.location.id, x.method, x.distanceKm])).toEqual([[p.id, 'PICKUP_IN_STORE', 0]]);
    expect(answer.reservations).toHaveLength(1);
    expect((await positionOf(ledger(), sku, p.id)).reserved).toBe(2);
    for (const d of dcs) expect((await positionOf(ledger(), sku, d.id)).reserved).toBe(0);
    localOrder = { ref: orderId, shipmentId: s[0].id, sku, store: p.id };
  });

  it('without stock at the pickup store, the nearest location that can transfer serves it, ready later', async () => {
    const sku = takeSku();
    const p = cnc.filter((c) => c.id !== localOrder.store)[0];
    await placeStock(ledger(), sku, Object.fromEntries(dcs.map((d) => [d.id, 10])));
    const from = nearest(p.geo, dcs);
    const orderId = ref('pickup-transfer');
    const answer = await route({ orderId, pickupLocationId: p.id, lines: [{ sku, quantity: 2 }] });
    const s = answer.plan!.shipments;
    expect(s.map((x) => [x.location.id, x.method])).toEqual([[from.id, 'PICKUP_IN_STORE']]);
    expect(s[0].distanceKm).toBeCloseTo(km(from, p.geo), 3);
    expect(s[0].cost).toBeCloseTo(shipmentCost('DISTRIBUTION_CENTER', 'PICKUP_IN_STORE', km(from, p.geo), 2), 4);
    expect((await positionOf(ledger(), sku, from.id)).reserved).toBe(2);
    expect((await positionOf(ledger(), sku, p.id)).reserved).toBe(0);
    // promised later than a pickup from the store's own shelf
    const promise = async (r: string) => {
      const [o] = await omsOrdersByExternalId(t.stack.clients.oms, r);
      const q = await gql(t.url, 'query($id: ID!) { order(id: $id) { shipments { promisedBy } } }', { id: o.orderId }, ops);
      return Date.parse(q.data!.order.shipments[0].promisedBy);
    };
    expect(await promise(orderId)).toBeGreaterThan(await promise(localOrder.ref));
  });

  it('pickup: readyForPickup makes it READY_FOR_PICKUP (nothing moves), one confirm (collected) FULFILLED', async () => {
    const { shipmentId, sku, store } = localOrder;
    const before = await positionOf(ledger(), sku, store);
    const ready = await readyForPickup(shipmentId);
    expect(ready).toEqual({ shipment: { id: shipmentId, status: 'READY_FOR_PICKUP' }, userErrors: [] });
    expect(await positionOf(ledger(), sku, store)).toEqual(before);
    const collected = await confirmFulfillment(t.url, ops, { shipmentId });
    expect(collected).toEqual({ shipment: { id: shipmentId, status: 'FULFILLED' }, userErrors: [] });
    const after = await positionOf(ledger(), sku, store);
    expect([after.onHand, after.reserved]).toEqual([before.onHand - 2, before.reserved - 2]);
  });

  it('a pickup not collected within its window is cancelled and its stock released', async () => {
    const sku = takeSku();
    const p = localOrder ? cnc.find((c) => c.id === localOrder.store)! : cnc[0];
    await placeStock(ledger(), sku, { [p.id]: 4 });
    const orderId = ref('pickup-expire');
    const answer = await route({ orderId, pickupLocationId: p.id, lines: [{ sku, quantity: 3 }] });
    const shipmentId = answer.plan!.shipments[0].id;
    const held = await positionOf(ledger(), sku, p.id);
    expect(held.reserved).toBe(3);
    expect((await readyForPickup(shipmentId)).shipment?.status).toBe('READY_FOR_PICKUP');
    const [oms] = await omsOrdersByExternalId(t.stack.clients.oms, orderId);
    const stop = t.stack.apps.oms.startExpirySweeper(50);
    try {
      await waitFor(async () => (await gql(t.url, ORDER_QUERY, { id: oms.orderId }, ops)).data?.order?.shipments[0]?.status, (s) => s === 'CANCELLED', { what: 'the pickup to expire' });
    } finally {
      stop();
    }
    const after = await positionOf(ledger(), sku, p.id);
    expect([after.onHand, after.reserved]).toEqual([held.onHand, held.reserved - 3]);
    expect(await reservationStatus(t.url, ops, answer.reservations[0].id)).toBe('RELEASED');
    expect((await t.stack.clients.oms.getOrder(oms.orderId))?.status).toBe('CANCELLED');
  });
});

async function readyForPickup(shipmentId: string) {
  const r = await gql(t.url, 'mutation R($input: ReadyForPickupInput!) { readyForPickup(input: $input) { shipment { id status } userErrors { field code message } } }', { input: { shipmentId } }, ops);
  if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
  return r.data!.readyForPickup as { shipment: { id: string; status: string } | null; userErrors: unknown[] };
}

describe('what cannot be served, and plans without holds', () => {
  it('lines nothing can serve come back in unassigned; the rest ships', async () => {
    const [none, some] = [takeSku(), takeSku()];
    await placeStock(ledger(), none, {});
    await placeStock(ledger(), some, { [dcs[0].id]: 4 });
    const answer = await route({ orderId: ref('unassigned'), destination: dcs[0].geo, lines: [{ sku: none, quantity: 2 }, { sku: some, quantity: 1 }] });
    expect(answer.plan!.unassigned).toEqual([{ sku: { id: none }, quantity: 2 }]);
    expect(answer.plan!.shipments.flatMap((s) => s.lines.map((l) => [s.location.id, l.sku.id, l.quantity]))).toEqual([[dcs[0].id, some, 1]]);
    expect(answer.reservations).toHaveLength(1);
  });

  it('an order nothing can serve holds nothing and writes nothing to the OMS', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, {});
    const orderId = ref('none');
    const posts = t.stack.simulators!.oms.calls.snapshot().paths['/oms/v2/orders'] ?? 0;
    const answer = await route({ orderId, destination: dcs[1].geo, lines: [{ sku, quantity: 1 }] });
    expect(answer.plan).toMatchObject({ shipments: [], unassigned: [{ sku: { id: sku }, quantity: 1 }], splitCount: 0 });
    expect(answer.reservations).toEqual([]);
    expect(t.stack.simulators!.oms.calls.snapshot().paths['/oms/v2/orders'] ?? 0).toBe(posts);
    expect(await omsOrdersByExternalId(t.stack.clients.oms, orderId)).toEqual([]);
  });

  it('reserve: false plans and holds nothing, also after the allocation reconciler ran', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0].id]: 5 });
    const before = await positionOf(ledger(), sku, dcs[0].id);
    const orderId = ref('no-hold');
    const answer = await route({ orderId, destination: dcs[0].geo, lines: [{ sku, quantity: 2 }], reserve: false });
    expect(answer.plan!.shipments.map((s) => [s.location.id, s.lines[0].quantity])).toEqual([[dcs[0].id, 2]]);
    expect(answer.reservations).toEqual([]);
    expect(await positionOf(ledger(), sku, dcs[0].id)).toEqual(before);
    // a plan, not an order: no OMS allocation exists for anything to hold later
    expect(await omsOrdersByExternalId(t.stack.clients.oms, orderId)).toEqual([]);
    await t.stack.apps.oms.reconciler.run();
    expect(await positionOf(ledger(), sku, dcs[0].id)).toEqual(before);
  });
});

describe('confirmFulfillment', () => {
  it('consumes the hold: on hand and reserved go down; a second confirm changes nothing', async () => {
    const sku = takeSku();
    const dc = dcs[2];
    await placeStock(ledger(), sku, { [dc.id]: 6 });
    const orderId = ref('ship');
    const answer = await route({ orderId, destination: dc.geo, lines: [{ sku, quantity: 3 }] });
    const shipmentId = answer.plan!.shipments[0].id;
    const held = await positionOf(ledger(), sku, dc.id);
    const first = await confirmFulfillment(t.url, ops, { shipmentId });
    expect(first).toEqual({ shipment: { id: shipmentId, status: 'FULFILLED' }, userErrors: [] });
    const after = await positionOf(ledger(), sku, dc.id);
    expect([after.onHand, after.reserved]).toEqual([held.onHand - 3, held.reserved - 3]);
    expect(await reservationStatus(t.url, ops, answer.reservations[0].id)).toBe('CONSUMED');
    const [oms] = await omsOrdersByExternalId(t.stack.clients.oms, orderId);
    expect(oms.lines.map((l) => l.fulfilledQty)).toEqual([3]);

    const second = await confirmFulfillment(t.url, ops, { shipmentId });
    expect(second).toEqual(first);
    expect(await positionOf(ledger(), sku, dc.id)).toEqual(after);
    expect((await t.stack.clients.oms.getOrder(oms.orderId))!.lines.map((l) => l.fulfilledQty)).toEqual([3]);
  });

  it('a shipment whose hold lapsed before it left still takes its units off on hand', async () => {
    const sku = takeSku();
    const dc = dcs[1];
    await placeStock(ledger(), sku, { [dc.id]: 6 });
    const answer = await route({ orderId: ref('lapsed'), destination: dc.geo, lines: [{ sku, quantity: 2 }] });
    const before = await positionOf(ledger(), sku, dc.id);
    // the hold goes (expired, or released by hand) while the parcel is still being packed
    await gql(t.url, RELEASE_HOLD, { id: answer.reservations[0].id }, ops);
    expect((await positionOf(ledger(), sku, dc.id)).reserved).toBe(before.reserved - 2);
    const shipped = await confirmFulfillment(t.url, ops, { shipmentId: answer.plan!.shipments[0].id });
    expect(shipped.shipment?.status).toBe('FULFILLED');
    const after = await positionOf(ledger(), sku, dc.id);
    expect([after.onHand, after.reserved]).toEqual([before.onHand - 2, before.reserved - 2]);
  });

  it('an unknown shipment is a userError', async () => {
    const r = await confirmFulfillment(t.url, ops, { shipmentId: 'NO-SUCH-S1' });
    expect(r.shipment).toBeNull();
    expect(r.userErrors).toEqual([expect.objectContaining({ code: 'UNKNOWN_SHIPMENT', field: ['shipmentId'] })]);
  });
});

describe('durability', () => {
  it('every acknowledged order is in the OMS with its lines, and its holds exist', async () => {
    expect(acknowledged.length).toBeGreaterThan(10);
    const reg = t.stack.platform.registry;
    for (const { ref: r, answer } of acknowledged) {
      const found = await omsOrdersByExternalId(t.stack.clients.oms, r);
      expect(found).toHaveLength(1);
      const got = await t.stack.clients.oms.getOrder(found[0].orderId);
      const lines = got!.lines.map((l) => [l.sku, l.qty, l.plant, l.method, l.shipmentRef]).sort();
      const expected = answer.plan!.shipments.flatMap((s) => s.lines.map((l) => [reg.localCode(l.sku.id, 'OMS'), l.quantity, s.location.id, s.method, s.id])).sort();
      expect(lines).toEqual(expected);
      const held = await ledger().getReservations(answer.reservations.map((x) => x.id));
      expect(held.every((x) => x !== null)).toBe(true);
    }
  });
});
