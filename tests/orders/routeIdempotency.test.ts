import type { Location } from '@stockgraph/shared';
import { startTestStack, demoKey, type TestStack } from '../support/startTestStack';
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

describe('idempotency (HOSTILE-INPUTS row 28: routeOrder)', () => {
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
