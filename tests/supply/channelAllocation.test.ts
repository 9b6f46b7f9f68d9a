import { parseChannelPolicies } from '@stockgraph/shared/availability';
import { contractOperation } from '../support/contract';
import { gqlData } from '../support/gql';
import { codes, holdCart, placeStock, positionOf, routeOrder, type HoldAnswer } from '../support/omsOps';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';

/*
 * Channel allocation through the gateway on real Redis: a channel's share and unit buffer cap what
 * it holds at a position, its own holds counted, so repeated holds cannot drain the position; the
 * figure SupplyPromise shows per location is exactly what a hold for the channel may take.
 */

// WHOLESALE keeps the default half of each DC position; MARKETPLACE is capped too, at 60% after its 2-unit buffer
const POLICIES = parseChannelPolicies(JSON.stringify({ MARKETPLACE: { share: 0.6 } }));
const SUPPLY_PROMISE = contractOperation('supply.graphql', 'SupplyPromise');
const ops = demoKey('order-management');
const DC = 'D001';

let t: TestStack;
let skus: string[];
let next = 0;
const ledger = () => t.stack.platform.stores.ledger;

beforeAll(async () => {
  t = await startTestStack('supply-allocation', 'redis', { ...QUIET_OMS, planningSeedDays: 0, policies: POLICIES });
  const reg = t.stack.platform.registry;
  skus = reg.skuIds().filter((id) => reg.localCode(id, 'OMS')).slice(0, 6);
}, 60_000);
afterAll(async () => t?.close());

/** A SKU whose stock is only `onHand` at D001, with no safety stock: the arithmetic stays the test's. */
async function freshSku(onHand: number): Promise<string> {
  const sku = skus[next++]!;
  await ledger().setSafetyStock({ sku, locationId: DC }, 0, Date.now());
  await placeStock(ledger(), sku, { [DC]: onHand });
  return sku;
}

async function figureAt(sku: string, channel: string): Promise<number> {
  const d = await gqlData<{ availability: { locations: { location: { id: string }; availableToSell: number }[] }[] }>(t.url, SUPPLY_PROMISE, { skus: [sku], channel }, ops);
  return d.availability[0]!.locations.find((l) => l.location.id === DC)!.availableToSell;
}

const hold = (sku: string, channel: string, quantity: number, key?: string) =>
  holdCart(t.url, ops, { channel, lines: [{ sku, locationId: DC, quantity }], ...(key ? { idempotencyKey: key } : {}) });

it('repeated WHOLESALE holds stop at its half of the position, and its figure says so at every step', async () => {
  const sku = await freshSku(200);
  expect(await figureAt(sku, 'WHOLESALE')).toBe(100);
  expect((await hold(sku, 'WHOLESALE', 60)).userErrors).toEqual([]);
  expect(await figureAt(sku, 'WHOLESALE')).toBe(40);
  expect((await hold(sku, 'WHOLESALE', 40)).userErrors).toEqual([]);
  expect(await figureAt(sku, 'WHOLESALE')).toBe(0);
  const beyond = await hold(sku, 'WHOLESALE', 1);
  expect(codes(beyond.userErrors)).toEqual(['INSUFFICIENT_STOCK']);
  // routeOrder is capped the same way: nothing planned or held, refused with INSUFFICIENT_STOCK
  const order = await routeOrder(t.url, ops, { orderId: `ALLOC-${sku}`, channel: 'WHOLESALE', destination: t.stack.platform.registry.location(DC)!.geo, lines: [{ sku, quantity: 5 }] });
  expect(order.plan!.shipments).toEqual([]);
  expect(codes(order.userErrors)).toEqual(['INSUFFICIENT_STOCK']);
  expect(order.reservations).toEqual([]);
  // DTC's share is the whole position: it takes what the pool has left, no more
  expect(await figureAt(sku, 'DTC')).toBe(100);
  expect(codes((await hold(sku, 'DTC', 101)).userErrors)).toEqual(['INSUFFICIENT_STOCK']);
  expect((await hold(sku, 'DTC', 100)).userErrors).toEqual([]);
  expect(await positionOf(ledger(), sku, DC)).toMatchObject({ onHand: 200, reserved: 200, held: { WHOLESALE: 100, DTC: 100 } });
});

it('200 concurrent holds by two capped channels: neither passes its cap, the pool is never oversold', async () => {
  const sku = await freshSku(120);
  const capW = Math.floor(120 * 0.5);
  const capM = Math.floor((120 - 2) * 0.6);
  expect([await figureAt(sku, 'WHOLESALE'), await figureAt(sku, 'MARKETPLACE')]).toEqual([capW, capM]);
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => {
    const channel = i % 2 === 0 ? 'WHOLESALE' : 'MARKETPLACE';
    return hold(sku, channel, 1, `alloc-${sku}-${i}`).then((a): [string, HoldAnswer] => [channel, a]);
  }));
  const held = (ch: string) => answers.filter(([c, a]) => c === ch && a.reservations.length === 1).length;
  const refused = answers.filter(([, a]) => a.reservations.length === 0);
  expect(refused.every(([, a]) => codes(a.userErrors).join() === 'INSUFFICIENT_STOCK')).toBe(true);
  expect(held('WHOLESALE')).toBeLessThanOrEqual(capW);
  expect(held('MARKETPLACE')).toBeLessThanOrEqual(capM);
  // 200 requests for 120 units: the pool never went past on hand (MARKETPLACE leaves its 2 buffer units)
  const total = held('WHOLESALE') + held('MARKETPLACE');
  expect(total).toBeLessThanOrEqual(120);
  expect(total).toBeGreaterThanOrEqual(118);
  const p = await positionOf(ledger(), sku, DC);
  expect(p).toMatchObject({ onHand: 120, reserved: total, held: { WHOLESALE: held('WHOLESALE'), MARKETPLACE: held('MARKETPLACE') } });
  // each channel had more requests than room: what SupplyPromise shows it now is zero, as a hold finds
  expect([await figureAt(sku, 'WHOLESALE'), await figureAt(sku, 'MARKETPLACE')]).toEqual([0, 0]);
});

it('the figure shown per location is exactly what a hold may take, after a release too', async () => {
  const sku = await freshSku(50);
  const first = await hold(sku, 'WHOLESALE', 20);
  expect(await figureAt(sku, 'WHOLESALE')).toBe(5);
  expect(codes((await hold(sku, 'WHOLESALE', 6)).userErrors)).toEqual(['INSUFFICIENT_STOCK']);
  const release = await gqlData<{ releaseReservation: { userErrors: unknown[] } }>(t.url, contractOperation('storefront.graphql', 'ReleaseHold'), { id: first.reservations[0]!.id }, ops);
  expect(release.releaseReservation.userErrors).toEqual([]);
  expect(await figureAt(sku, 'WHOLESALE')).toBe(25);
  expect((await hold(sku, 'WHOLESALE', 25)).userErrors).toEqual([]);
  expect(await figureAt(sku, 'WHOLESALE')).toBe(0);
});
