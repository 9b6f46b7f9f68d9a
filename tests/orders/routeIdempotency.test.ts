import type { Location } from '@stockgraph/shared';
import { startTestStack, demoKey, type TestStack } from '../support/startTestStack';
import { reservationId } from '@stockgraph/shared/ledger';
import type { RoutingPlan } from '@stockgraph/oms';
import { omsKeyOf } from '@stockgraph/oms';
import { codes, omsOrdersByExternalId, placeStock, positionOf, routeOrder, type RouteAnswer } from '../support/omsOps';

/*
 * HOSTILE-INPUTS row 28 for routeOrder through the gateway on real Redis: the same order sent
 * again (by key, by order reference, at once) is one order in the OMS with one set of holds.
 */

let t: TestStack;
const ops = demoKey('order-management');
const ledger = () => t.stack.platform.stores.ledger;
let skus: string[];
let dcs: Location[];
const takeSku = () => skus.shift()!;
let seq = 0;
const ref = (what: string) => `T-${what}-${process.pid}-${++seq}`;
const route = (input: Record<string, unknown>): Promise<RouteAnswer> => routeOrder(t.url, ops, { channel: 'DTC', ...input });

beforeAll(async () => {
  t = await startTestStack('orders-route-idempotency', 'redis', { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 });
  const reg = t.stack.platform.registry;
  skus = reg.skuIds().filter((id) => reg.localCode(id, 'OMS'));
  dcs = reg.allLocations().filter((l) => l.type === 'DISTRIBUTION_CENTER');
});
afterAll(async () => { await t?.close(); });

describe('idempotency (routeOrder)', () => {
  it('the same key twice returns the same order and holds once', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0].id]: 6 });
    const input = { orderId: ref('idem'), destination: dcs[0].geo, lines: [{ sku, quantity: 2 }], idempotencyKey: `route-seq-${sku}` };
    const first = await route(input);
    const second = await route(input);
    expect(second).toEqual(first);
    expect((await positionOf(ledger(), sku, dcs[0].id)).reserved).toBe(2);
    expect(await omsOrdersByExternalId(t.stack.clients.oms, input.orderId)).toHaveLength(1);
  });

  it('20 concurrent requests with one key: one order, one hold; identical answers or IDEMPOTENCY_IN_FLIGHT', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[1].id]: 6 });
    const input = { channel: 'DTC', orderId: ref('idem-par'), destination: dcs[1].geo, lines: [{ sku, quantity: 2 }], idempotencyKey: `route-par-${sku}` };
    const answers = await Promise.all(Array.from({ length: 20 }, () => routeOrder(t.url, ops, input)));
    const ok = answers.filter((a) => a.plan !== null);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const a of ok) expect(a).toEqual(ok[0]);
    for (const a of answers.filter((x) => x.plan === null)) expect(codes(a.userErrors)).toEqual(['IDEMPOTENCY_IN_FLIGHT']);
    expect((await positionOf(ledger(), sku, dcs[1].id)).reserved).toBe(2);
    expect(await omsOrdersByExternalId(t.stack.clients.oms, input.orderId)).toHaveLength(1);
  });

  it('the same key with another order is refused with IDEMPOTENCY_KEY_REUSED: nothing held, nothing sent to the OMS', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0].id]: 6 });
    const key = `route-reuse-${sku}`;
    await route({ orderId: ref('reuse'), destination: dcs[0].geo, lines: [{ sku, quantity: 1 }], idempotencyKey: key });
    const before = await positionOf(ledger(), sku, dcs[0].id);
    const posts = t.stack.simulators!.oms.calls.snapshot().paths['/oms/v2/orders'] ?? 0;
    const other = ref('reuse-other');
    const reused = await route({ orderId: other, destination: dcs[0].geo, lines: [{ sku, quantity: 2 }], idempotencyKey: key });
    expect(reused.plan).toBeNull();
    expect(reused.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] })]);
    expect(await positionOf(ledger(), sku, dcs[0].id)).toEqual(before);
    expect(t.stack.simulators!.oms.calls.snapshot().paths['/oms/v2/orders'] ?? 0).toBe(posts);
  });

  it('a retry of one order reference without a key holds once', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0].id]: 6 });
    const input = { orderId: ref('retry'), destination: dcs[0].geo, lines: [{ sku, quantity: 2 }] };
    const first = await route(input);
    const second = await route(input);
    expect(second.plan!.shipments.map((s) => s.id)).toEqual(first.plan!.shipments.map((s) => s.id));
    expect(second.reservations).toEqual(first.reservations);
    expect((await positionOf(ledger(), sku, dcs[0].id)).reserved).toBe(2);
    // a fresh key for the same order is the same order too
    const third = await route({ ...input, idempotencyKey: `route-fresh-${sku}` });
    expect(third).toEqual(second);
    expect((await positionOf(ledger(), sku, dcs[0].id)).reserved).toBe(2);
    expect(await omsOrdersByExternalId(t.stack.clients.oms, input.orderId)).toHaveLength(1);
  });

  it('one order reference with other lines is refused on orderId, nothing held', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0].id]: 6 });
    const orderId = ref('ref-reuse');
    await route({ orderId, destination: dcs[0].geo, lines: [{ sku, quantity: 1 }] });
    const before = await positionOf(ledger(), sku, dcs[0].id);
    const other = await route({ orderId, destination: dcs[0].geo, lines: [{ sku, quantity: 3 }] });
    expect(other.plan).toBeNull();
    expect(other.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['orderId'] })]);
    expect(await positionOf(ledger(), sku, dcs[0].id)).toEqual(before);
    expect(await omsOrdersByExternalId(t.stack.clients.oms, orderId)).toHaveLength(1);
  });
});

describe('an intent left by a run that stopped', () => {
  it('naming a hold the ledger never recorded (its hold did not take): dropped, its holds given back, the order planned anew', async () => {
    // The intent goes to Redis in the same write as its holds, taken or not; a run that stopped
    // between a refused hold and its clean-up leaves one. Here one line was held, the other short.
    const [a, b] = [takeSku(), takeSku()];
    const dc = dcs[0];
    await placeStock(ledger(), a, { [dc.id]: 6 });
    await placeStock(ledger(), b, { [dc.id]: 6 });
    const orderId = ref('stale-intent');
    const held = await ledger().reserve({ holdId: 'O-stopped', channel: 'DTC', lines: [{ sku: a, locationId: dc.id, quantity: 2 }], ttlMs: 3_600_000, reference: orderId, now: Date.now() });
    if (!held.ok) throw new Error('expected the first line held');
    const never = reservationId(b, dc.id, 'feedfacefeedface');
    const line = (sku: string, reservationId: string, omsLineNo: number) => ({ sku, quantity: 2, backorder: false, reservationId, omsLineNo });
    await t.stack.apps.oms.deps.orders.saveIntent(omsKeyOf({ orderId }, 'order-management')!, {
      ref: orderId, plan: { shipments: [], unassigned: [] } as unknown as RoutingPlan,
      shipments: [{
        id: `${orderId}-S1`, orderId: '', status: 'PLANNED', locationId: dc.id, method: 'SHIP_FROM_DC', transferTo: null, distanceKm: 0, cost: 0,
        promisedBy: null, reason: 'stopped run', readyAt: null, fulfilledAt: null, collectBy: null,
        lines: [line(a, held.reservations[0].id, 1), line(b, never, 2)],
      }],
    });

    const answer = await route({ orderId, destination: dc.geo, lines: [{ sku: a, quantity: 2 }, { sku: b, quantity: 2 }], idempotencyKey: `stale-${orderId}` });
    expect(answer.userErrors).toEqual([]);
    // planned anew: both lines held now, by holds of its own
    expect(answer.plan!.shipments.flatMap((s) => s.lines.map((l) => [l.sku.id, l.quantity])).sort()).toEqual([[a, 2], [b, 2]].sort());
    const ids = answer.reservations.map((r) => r.id);
    expect(ids).not.toContain(held.reservations[0].id);
    expect(ids).not.toContain(never);
    expect((await ledger().getReservations(ids)).map((r) => r?.status)).toEqual(['ACTIVE', 'ACTIVE']);
    // the stopped run's hold went back: each SKU is held once, for this order
    expect((await ledger().getReservations([held.reservations[0].id]))[0]!.status).toBe('RELEASED');
    const reserved = await Promise.all([a, b].map(async (sku) => (await Promise.all(dcs.map((d) => positionOf(ledger(), sku, d.id)))).reduce((n, p) => n + p.reserved, 0)));
    expect(reserved).toEqual([2, 2]);
    const inOms = await omsOrdersByExternalId(t.stack.clients.oms, orderId);
    expect(inOms).toHaveLength(1);
    expect(inOms[0].lines.reduce((n, l) => n + l.qty, 0)).toBe(4);
    expect(await t.stack.apps.oms.deps.orders.intent(omsKeyOf({ orderId }, 'order-management')!)).toBeNull();
  });
});
