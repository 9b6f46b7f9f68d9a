/**
 * Issue 8: the gateway's cache of stock answers, over the whole system on Redis. An availability
 * question asked again is answered from the gateway, byte for byte; a change to the SKU's stock
 * (a till sale, a hold) empties it at once; every caller has answers of its own; only whole
 * answers of the unification subgraph are kept; a legacy system going down flushes it.
 * The whole-answer cache alone: with the position cache on, availability questions are answered
 * from positions in front of it (tests/position-cache).
 */
import { contractOperation } from '../support/contract';
import { HOLD_CART, SCAN_BARCODE } from '../support/omsOps';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';
import { expectedOnHand } from '../support/expected';
import { createGatewayServer } from '@stockgraph/gateway';
import { supergraphSdl } from '../../scripts/stack';

const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
const PARTNER_STOCK = contractOperation('partner.graphql', 'PartnerStock');

let t: TestStack;
let skuOf: Map<string, string>;

const SECRET = 'stock-cache-test-signing-secret-0123456789abcdef';

beforeAll(async () => {
  t = await startTestStack('stock-cache', 'redis', { ...QUIET_OMS, signingSecret: SECRET, gateway: { positionCache: { enabled: false }, responseCache: { enabled: true } } });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
});
afterAll(async () => t?.close());

interface Raw { status: number; cache: string | null; passedTo: string | null; contentType: string | null; text: string; json: any }
async function post(query: string, variables: Record<string, unknown>, apiKey?: string, extraHeaders: Record<string, string> = {}, url = t.url): Promise<Raw> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...extraHeaders };
  if (apiKey) headers['x-api-key'] = apiKey;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, cache: res.headers.get('x-cache'), passedTo: res.headers.get('x-passthrough'), contentType: res.headers.get('content-type'), text, json: JSON.parse(text) };
}
const ask = (sku: string, apiKey?: string, channel = 'DTC') => post(PRODUCT_AVAILABILITY, { skus: [sku], channel }, apiKey);

/** a SKU with stock at a store, and that store, one per test */
let nextItem = 0;
function stocked(): { sku: string; plant: string } {
  for (;;) {
    const item = t.world.items[nextItem++ % t.world.items.length]!;
    const store = t.world.locations.find((l) => l.type === 'STORE' && (expectedOnHand(t.world, l.plant, item) ?? 0) >= 5);
    if (store && skuOf.has(item.matnr)) return { sku: skuOf.get(item.matnr)!, plant: store.plant };
  }
}

it('answers a question asked again from the gateway, the very same bytes (kept from its second asking on)', async () => {
  const { sku } = stocked();
  const first = await ask(sku);
  expect(first).toMatchObject({ status: 200, cache: 'MISS' });
  expect(first.json.errors).toBeUndefined();
  // a question asked once is not kept: on a whole catalogue most are never asked again
  const second = await ask(sku);
  expect(second).toMatchObject({ status: 200, cache: 'MISS', text: first.text });
  const again = await ask(sku);
  expect(again).toMatchObject({ status: 200, cache: 'HIT', contentType: first.contentType, text: first.text });
});

it('the same question asked many times at once goes to the subgraph once', async () => {
  const { sku } = stocked();
  await ask(sku); // asked before: the next answer is kept, and those waiting for it get it
  const answers = await Promise.all(Array.from({ length: 20 }, () => ask(sku)));
  expect(answers.filter((r) => r.cache === 'MISS')).toHaveLength(1);
  expect(new Set(answers.map((r) => r.text)).size).toBe(1);
});

it('a change to the SKU\'s stock empties its answers at once (not at a TTL)', async () => {
  const { sku, plant } = stocked();
  const before = await ask(sku);
  await ask(sku);
  expect((await ask(sku)).cache).toBe('HIT');
  await t.stack.platform.stores.ledger.applyMovement({ sku, locationId: plant, reason: 'SALE', delta: -3, source: 'POS', sourceEventId: `cache-test-${sku}`, at: Date.now() } as never);
  const after = await waitFor(() => ask(sku), (r) => r.cache === 'MISS', { what: 'the change event at the gateway', timeoutMs: 2000 });
  expect(after.json.data.availability[0].availableToSell).toBe(before.json.data.availability[0].availableToSell - 3);
  // and kept again (asked before, so at once)
  expect((await ask(sku)).cache).toBe('HIT');
  expect((await ask(sku)).text).toBe(after.text);
});

it('a hold through the gateway is seen by the next availability answer', async () => {
  const { sku, plant } = stocked();
  const before = (await ask(sku)).json.data.availability[0].availableToSell;
  await ask(sku);
  expect((await ask(sku)).cache).toBe('HIT');
  const held = await post(HOLD_CART, { input: { channel: 'DTC', lines: [{ sku, locationId: plant, quantity: 2 }] } }, demoKey('storefront'));
  expect(held.json.data.reserve.userErrors).toEqual([]);
  expect(held.cache).toBe('MISS'); // a mutation is never answered from the cache
  const after = await waitFor(() => ask(sku), (r) => r.json.data.availability[0].availableToSell !== before, { what: 'the hold in availability', timeoutMs: 2000 });
  expect(after.json.data.availability[0].availableToSell).toBe(before - 2);
});

it('keeps one answer per caller: a partner never gets another client\'s, nor the other way round', async () => {
  const partner = demoKey('acme-marketplace');
  const oms = demoKey('order-management'); // any channel, the whole catalogue
  const asked = await Promise.all([...skuOf.values()].slice(0, 6).map(async (sku) => ({ sku, r: await post(PARTNER_STOCK, { skus: [sku], channel: 'MARKETPLACE' }, partner) })));
  const hidden = asked.find((a) => a.r.json.data.availability[0] === null); // the demo assortment is every other SKU
  expect(hidden).toBeDefined();
  const body = { skus: [hidden!.sku], channel: 'MARKETPLACE' };
  await post(PARTNER_STOCK, body, partner); // asked twice: kept
  const forOms = await post(PARTNER_STOCK, body, oms);
  await post(PARTNER_STOCK, body, oms);
  expect(forOms.json.data.availability[0]).toMatchObject({ sku: { id: hidden!.sku } });
  expect(await post(PARTNER_STOCK, body, partner)).toMatchObject({ cache: 'HIT', text: hidden!.r.text });
  expect(await post(PARTNER_STOCK, body, oms)).toMatchObject({ cache: 'HIT', text: forOms.text });
  // a caller refused the channel gets its refusal every time, never another caller's answer
  const anon = await post(PARTNER_STOCK, body);
  expect(anon.json.errors?.length).toBeGreaterThan(0);
  expect((await post(PARTNER_STOCK, body)).cache).toBe('MISS');
});

it('keeps nothing another subgraph answers, nor a query with other root fields', async () => {
  const item = t.world.items.find((i) => skuOf.has(i.matnr) && i.gtin)!;
  const store = t.world.locations.find((l) => l.type === 'STORE')!;
  const scan = { system: 'POS', code: item.gtin, storeId: store.plant, near: { lat: store.lat, lng: store.lng } };
  // its plan calls the ERP too: looked up once, then its text is known never to be kept, and not looked up again
  const scanText = `${SCAN_BARCODE} `; // a text of its own, whatever earlier tests asked
  expect((await post(scanText, scan, demoKey('clienteling'))).cache).toBe('MISS');
  expect((await post(scanText, scan, demoKey('clienteling'))).cache).toBeNull();
  // asked many times at once, each is answered (none waits for another's answer it cannot use)
  const many = await Promise.all(Array.from({ length: 10 }, () => post(scanText, scan, demoKey('clienteling'))));
  expect(many.every((r) => r.status === 200 && r.cache === null && !r.json.errors)).toBe(true);
  // availability asked together with a field of another root: not only the SKUs' stock
  const mixed = `query($skus: [ID!]!) { availability(skus: $skus, channel: DTC) { availableToSell } locations { id } }`;
  const first = await post(mixed, { skus: [skuOf.get(item.matnr)] });
  expect(first).toMatchObject({ cache: 'MISS', passedTo: null });
  // a query the stock cache will never keep, planned as one fetch, is then passed through to its
  // subgraph (as on a gateway with the caches off), with the same answer
  const again = await post(mixed, { skus: [skuOf.get(item.matnr)] });
  expect(again).toMatchObject({ status: 200, cache: null, passedTo: 'unification' });
  expect(again.json).toEqual(first.json);
});

it('a legacy system going down flushes the cache: the stale flag shows without waiting for a TTL', async () => {
  const { sku } = stocked();
  await ask(sku);
  expect((await ask(sku)).json.data.availability[0].stale).toBe(false);
  const health = t.stack.platform.health;
  await health.report('POS', false, Date.now(), 'test: till system down');
  try {
    const flagged = await waitFor(() => ask(sku), (r) => r.json.data.availability[0].stale === true, { what: 'the stale flag', timeoutMs: 5000 });
    expect(flagged.cache).toBe('MISS');
  } finally {
    await health.report('POS', true, Date.now());
  }
  await waitFor(() => ask(sku), (r) => r.json.data.availability[0].stale === false, { what: 'the flag cleared', timeoutMs: 5000 });
});

it('a gateway in a process of its own hears the ledger through Redis (REDIS_URL), as in production', async () => {
  const gw = await createGatewayServer({
    supergraphSdl: supergraphSdl(),
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.subgraphs).map(([n, s]) => [n, s.url])),
    config: {
      auth: { signingSecret: SECRET }, rateLimit: { enabled: false },
      // its own Redis connections, no stores handed in: what gateway/src/main.ts does with REDIS_URL
      responseCache: { enabled: true, redisUrl: t.redis!.url, keyPrefix: t.redis!.prefix }, positionCache: { enabled: false },
    },
  });
  try {
    const { sku, plant } = stocked();
    const askThere = () => post(PRODUCT_AVAILABILITY, { skus: [sku], channel: 'DTC' }, undefined, {}, gw.url);
    const before = await askThere();
    expect(before.cache).toBe('MISS');
    expect((await askThere()).cache).toBe('MISS'); // kept from its second asking
    expect((await askThere()).cache).toBe('HIT');
    await t.stack.platform.stores.ledger.applyMovement({ sku, locationId: plant, reason: 'SALE', delta: -1, source: 'POS', sourceEventId: `cache-remote-${sku}`, at: Date.now() });
    const after = await waitFor(askThere, (r) => r.cache === 'MISS', { what: 'the change event over Redis', timeoutMs: 2000 });
    expect(after.json.data.availability[0].availableToSell).toBe(before.json.data.availability[0].availableToSell - 1);
  } finally {
    await gw.close();
  }
});
