// Incoming supply as a promise with every part in its own process, as production runs them: the
// ERP subgraph's batch feeds the supply, the OMS subgraph holds backorders against it and its
// sweeper fills them once the WMS subgraph's feed brings the receipt; all of it meets in Redis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import { RedisLedger } from '@stockgraph/shared/ledger';
import { generateWorld } from '@stockgraph/simulators';
import { startSeparateStack, type SeparateStack } from '../../scripts/separateStack';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { contractOperation } from '../support/contract';
import { gql, gqlData } from '../support/gql';
import { codes, placeStock } from '../support/omsOps';
import { waitFor } from '../support/waitFor';

jest.setTimeout(300_000);

const KEY = 'demo-order-management-key';
const SUPPLY_PROMISE = contractOperation('supply.graphql', 'SupplyPromise');
const ROUTE = `mutation Route($input: RouteOrderInput!) { routeOrder(input: $input) {
  plan { shipments { id location { id } lines { backorder } } } reservations { id backorder } userErrors { code } } }`;
const CONFIRM = `mutation($input: ConfirmFulfillmentInput!) { confirmFulfillment(input: $input) { shipment { status } userErrors { code } } }`;
const BACKORDERS = `query($skus: [ID!]!) { backorders(skus: $skus) { reservation { id } location { id } } }`;

const world = generateWorld({ seed: 42 });
// an item whose only open, unreceived PO line goes to a DC, small enough for 200 orders to exhaust
const open = world.purchaseOrders.filter((p) => p.status === 'open');
const pick = world.items.map((item) => ({ item, lines: open.flatMap((p) => p.lines.filter((l) => l.matnr === item.matnr && l.received < l.qty).map((l) => ({ p, l }))) }))
  .find(({ lines }) => lines.length === 1 && lines[0]!.p.plant.startsWith('D') && lines[0]!.l.qty - lines[0]!.l.received < 150)!;
const sku = `SKU-${String(Number(pick.item.matnr))}`;
const dc = world.locations.find((l) => l.plant === pick.lines[0]!.p.plant)!;

let redis: TestRedis;
let s: SeparateStack;
let logDir: string;
let ledger: RedisLedger;

beforeAll(async () => {
  redis = await connectTestRedis('supply-separate');
  logDir = mkdtempSync(join(tmpdir(), 'sg-supply-'));
  s = await startSeparateStack({
    redisUrl: redis.url, keyPrefix: redis.prefix, signingSecret: randomBytes(32).toString('hex'), webhookSecret: 'supply-test-webhook-secret',
    logDir, gatewayAuth: () => ({ apiKeys: { [KEY]: DEMO_API_KEYS[KEY]! }, assortments: {} }),
    gatewayEnv: { RATE_LIMIT_ENABLED: 'false' },
  });
  ledger = new RedisLedger({ redis: redis.redis, prefix: redis.prefix });
});
afterAll(async () => {
  await ledger?.close();
  await s?.close();
  await redis?.cleanup();
  rmSync(logDir, { recursive: true, force: true });
});

it('backorders across processes promise each incoming unit once, and fill from a receipt the WMS process brings', async () => {
  const promisable = async () => (await gqlData<{ availability: { promisable: { quantity: number }[] }[] }>(s.gatewayUrl, SUPPLY_PROMISE, { skus: [sku], channel: 'WHOLESALE' }, KEY))
    .availability[0]!.promisable.reduce((n, p) => n + p.quantity, 0);
  // the ERP process's first batch brings the PO
  const units = await waitFor(promisable, (n) => n > 0, { timeoutMs: 60_000, what: 'the ERP batch' });
  expect(units).toBeLessThan(150);
  // no stock anywhere: every order that takes a unit takes it from the PO
  await placeStock(ledger, sku, {});

  const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    const r = await gql<{ routeOrder: { plan: { shipments: { id: string; location: { id: string } }[] } | null; reservations: { id: string; backorder: boolean }[]; userErrors: { code: string }[] } }>(
      s.gatewayUrl, ROUTE, { input: { orderId: `SEP-BO-${i}`, channel: 'WHOLESALE', destination: { lat: dc.lat, lng: dc.lng }, lines: [{ sku, quantity: 1 }] } }, KEY);
    expect(r.errors).toBeUndefined();
    return r.data!.routeOrder;
  }));
  const ok = answers.filter((a) => a.reservations.length > 0);
  expect(ok).toHaveLength(units);
  expect(ok.every((a) => a.reservations[0]!.backorder)).toBe(true);
  expect(answers.filter((a) => a.reservations.length === 0).every((a) => codes(a.userErrors as never).join() === 'INSUFFICIENT_STOCK')).toBe(true);
  expect(await promisable()).toBe(0);

  const before = (await gqlData<{ backorders: { reservation: { id: string } }[] }>(s.gatewayUrl, BACKORDERS, { skus: [sku] }, KEY)).backorders.map((b) => b.reservation.id);
  expect(before).toHaveLength(units);
  const shipmentOf = new Map(ok.map((a) => [a.reservations[0]!.id, a.plan!.shipments[0]!.id]));
  expect((await gqlData<{ confirmFulfillment: { userErrors: { code: string }[] } }>(s.gatewayUrl, CONFIRM, { input: { shipmentId: shipmentOf.get(before[0]!)! } }, KEY)).confirmFulfillment.userErrors.map((e) => e.code))
    .toEqual(['BACKORDER_NOT_RECEIVED']);

  // the dock receives 10 units at the DC: the WMS process polls it in, the OMS process's sweep fills the first ten
  const res = await fetch(`${s.legacyUrls.wms}/admin/deltas`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site: dc.wmsSite, article: pick.item.wmsArticle, type: 'RECEIPT', qty: 10 }),
  });
  expect(res.status).toBe(201);
  const after = await waitFor(
    async () => (await gqlData<{ backorders: { reservation: { id: string } }[] }>(s.gatewayUrl, BACKORDERS, { skus: [sku] }, KEY)).backorders.map((b) => b.reservation.id),
    (ids) => ids.length < units, { timeoutMs: 30_000, what: 'the backorder fill' },
  );
  expect(after).toEqual(before.slice(10));
  const shipped = await gqlData<{ confirmFulfillment: { shipment: { status: string }; userErrors: unknown[] } }>(s.gatewayUrl, CONFIRM, { input: { shipmentId: shipmentOf.get(before[0]!)! } }, KEY);
  expect(shipped.confirmFulfillment).toEqual({ shipment: { status: 'FULFILLED' }, userErrors: [] });
});
