/**
 * Issue 3, POS push: a till sale reaches the website's figure; a duplicate delivery counts once;
 * a delivery that arrives after a newer snapshot already counted it changes nothing; stock
 * history is kept newest first with reason and source document. Redis store.
 */
import { POS_WEBHOOK_PATH } from '@stockgraph/pos';
import type { WorldItem, WorldLocation } from '@stockgraph/simulators';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { captureWebhooks, redeliver, type CapturedDelivery, type WebhookCapture } from '../support/captureWebhooks';
import { expectedAvailability, expectedOnHand } from '../support/expected';
import { gqlData } from '../support/gql';
import { availability, stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability';

const SECRET = 'pos-feed-test-webhook-secret';

let t: TestStack;
let skuOf: Map<string, string>;
let capture: WebhookCapture;
let webhookUrl: string;
/** distinct (store, item) positions with a few units on the shelf, one per test */
let shelf: { store: WorldLocation; item: WorldItem; onHand: number }[];

beforeAll(async () => {
  t = await startTestStack('live-pos', 'redis', { ...QUIET_OMS, webhookSecret: SECRET });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
  capture = await captureWebhooks();
  await t.stack.clients.pos.registerWebhook(capture.url, SECRET);
  webhookUrl = t.stack.subgraphs.pos.url.replace(/\/graphql$/, POS_WEBHOOK_PATH);
  const stores = t.world.locations.filter((l) => l.type === 'STORE');
  shelf = stores.flatMap((store, k) => {
    const item = t.world.items.find((i, j) => j % stores.length === k && (expectedOnHand(t.world, store.plant, i) ?? 0) >= 5);
    return item ? [{ store, item, onHand: expectedOnHand(t.world, store.plant, item)! }] : [];
  });
});
afterAll(async () => {
  await t?.close();
  await capture?.close();
});

const delivered = (match: (d: CapturedDelivery) => boolean, what: string) =>
  waitFor(async () => capture.received.find(match), (d): d is CapturedDelivery => d !== undefined, { what });
const deliveryOf = (txnId: string) => delivered((d) => d.json.txn_id === txnId, `webhook ${txnId}`);

it('a sale rung at a till changes availableToSell at the gateway', async () => {
  const { store, item, onHand } = shelf[0];
  const sku = skuOf.get(item.matnr)!;
  const before = await availability(t.url, sku);
  expect(before.availableToSell).toBe(expectedAvailability(t.world, item, DEFAULT_CHANNEL_POLICIES.DTC).availableToSell);
  await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 2 }]);
  const after = await waitFor(() => availability(t.url, sku), (a) => a.availableToSell !== before.availableToSell, { what: 'the sale at the gateway' });
  expect(after.availableToSell).toBe(before.availableToSell - 2);
  expect(await stockAt(t.url, sku, store.plant)).toMatchObject({ onHand: onHand - 2, availableToSell: onHand - 2, source: 'POS', stale: false });
});

it('a duplicate webhook delivery counts once', async () => {
  const { store, item, onHand } = shelf[1];
  const sku = skuOf.get(item.matnr)!;
  const { txnId } = await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 1 }]);
  const delivery = await deliveryOf(txnId);
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.onHand !== onHand, { what: 'the first delivery' });
  for (let i = 0; i < 3; i++) {
    const again = await redeliver(webhookUrl, delivery);
    expect(again).toEqual({ status: 200, json: expect.objectContaining({ applied: 0, duplicates: 1 }) });
  }
  expect((await stockAt(t.url, sku, store.plant)).onHand).toBe(onHand - 1);
  const history: any = await gqlData(t.url, `query($sku: ID!, $loc: ID!) { sku(id: $sku) { stockHistory(locationId: $loc, first: 10) { edges { node { reason sourceDocument } } } } }`,
    { sku, loc: store.plant }, demoKey('clienteling'));
  expect(history.sku.stockHistory.edges.map((e: any) => e.node)).toEqual([{ reason: 'SALE', sourceDocument: txnId }]);
});

it('a forged or altered delivery is refused before it is read', async () => {
  const { store, item, onHand } = shelf[2];
  const sku = skuOf.get(item.matnr)!;
  const { txnId } = await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 1 }]);
  const delivery = await deliveryOf(txnId);
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.onHand === onHand - 1, { what: 'the delivery' });
  const forged = { ...delivery, body: delivery.body.replace(txnId, `${txnId}9`) };
  expect((await redeliver(webhookUrl, forged)).status).toBe(401);
  expect((await stockAt(t.url, sku, store.plant)).onHand).toBe(onHand - 1);
});

it('a delivery older than a newer snapshot is stale and changes nothing', async () => {
  const { store, item, onHand } = shelf[3];
  const sku = skuOf.get(item.matnr)!;
  // the subgraph misses the push (it was away); the capture receiver keeps it
  await t.stack.clients.pos.clearWebhooks();
  await t.stack.clients.pos.registerWebhook(capture.url, SECRET);
  try {
    const { txnId } = await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 3 }]);
    const late = await deliveryOf(txnId);
    expect((await stockAt(t.url, sku, store.plant)).onHand).toBe(onHand);
    // the next store snapshot already counts the sale
    await t.stack.apps.pos.loadSnapshots();
    expect((await stockAt(t.url, sku, store.plant)).onHand).toBe(onHand - 3);
    // then the held-up push arrives
    const r = await redeliver(webhookUrl, late);
    expect(r).toEqual({ status: 200, json: expect.objectContaining({ applied: 0, stale: 1 }) });
    expect((await stockAt(t.url, sku, store.plant)).onHand).toBe(onHand - 3);
  } finally {
    await t.stack.clients.pos.registerWebhook(webhookUrl, SECRET);
  }
});

it('stockHistory pages a store position newest first: SALE, RETURN and COUNT with their documents', async () => {
  const { store, item, onHand } = shelf[4];
  const sku = skuOf.get(item.matnr)!;
  const pos = t.stack.clients.pos;
  const sale = await pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 2 }]);
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.onHand === onHand - 2, { what: 'the sale' });
  const ret = await pos.ringReturn(store.posStoreNo!, [{ barcode: item.gtin, qty: 1 }]);
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.onHand === onHand - 1, { what: 'the return' });
  await pos.requestCount(store.posStoreNo!, item.gtin, 'COUNT-HISTORY-1');
  const counted = await delivered((d) => d.json.ref === 'COUNT-HISTORY-1', 'the count');
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.source === 'POS' && s.asOf === new Date(counted.json.ts).toISOString(), { what: 'the count' });

  const query = `query($sku: ID!, $loc: ID!, $after: String) { sku(id: $sku) { stockHistory(locationId: $loc, first: 2, after: $after) {
    edges { node { reason delta onHandAfter source sourceEventId sourceDocument at } } pageInfo { hasNextPage endCursor } } } }`;
  const nodes: any[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const d: any = await gqlData(t.url, query, { sku, loc: store.plant, after }, demoKey('clienteling'));
    nodes.push(...d.sku.stockHistory.edges.map((e: any) => e.node));
    if (!d.sku.stockHistory.pageInfo.hasNextPage) break;
    after = d.sku.stockHistory.pageInfo.endCursor;
  }
  expect(nodes.map((n) => [n.reason, n.delta, n.onHandAfter, n.source, n.sourceDocument])).toEqual([
    ['COUNT', 0, onHand - 1, 'POS', counted.json.txn_id],
    ['RETURN', 1, onHand - 1, 'POS', ret.txnId],
    ['SALE', -2, onHand - 2, 'POS', sale.txnId],
  ]);
  const times = nodes.map((n) => Date.parse(n.at));
  expect(times).toEqual([...times].sort((a, b) => b - a));
});
