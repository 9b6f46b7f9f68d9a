/**
 * The gateway's position cache over the whole system on Redis: any availability question about a
 * cached SKU is answered at the gateway (no plan, no subgraph call) whatever its near point,
 * radius, channel or caller, and the answer is the unification subgraph's own, byte for byte as
 * JSON. Scoping (channel-bound callers, partner assortments) holds on every path an answer can
 * take: position cache fill, position cache hit, whole-answer cache hit, and the planned path.
 * A change event empties the SKU at once; a source going down shows as stale; a CDN is told
 * which SKUs changed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayServer, type GatewayConfigOverrides, type GatewayServer } from '@stockgraph/gateway';
import { contractOperation } from '../support/contract';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';
import { expectedOnHand } from '../support/expected';
import { supergraphSdl } from '../../scripts/stack';
import { mulberry32 } from '@stockgraph/shared/random';

const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
const PARTNER_STOCK = contractOperation('partner.graphql', 'PartnerStock');
/** every field the position cache answers, fragments and aliases included */
const EVERYTHING = `query Everything($skus: [ID!]!, $channel: Channel!, $near: GeoPointInput, $radiusKm: Float) {
  availability(skus: $skus, channel: $channel, near: $near, radiusKm: $radiusKm) {
    __typename sku { id name } channel total: availableToSell shipping { available quantity }
    pickup { location { ...Loc } distanceKm availableToSell } asOf stale
    locations { location { id type } availableToSell }
  }
}
fragment Loc on Location { id name type geo { lat lng } capabilities }`;

const SECRET = 'position-cache-test-signing-secret-0123456789abcdef';
let t: TestStack;
let skus: string[];
let skuOf: Map<string, string>;
/** position cache only: every availability answer goes through it */
let positionsOnly: GatewayServer;
/** no cache at all: the unification subgraph's answer through the planned path */
let planned: GatewayServer;
const cdnCalls: unknown[] = [];
let cdn: http.Server;

async function gatewayWith(config: GatewayConfigOverrides): Promise<GatewayServer> {
  return createGatewayServer({
    supergraphSdl: supergraphSdl(),
    subgraphUrls: Object.fromEntries(Object.entries(t.stack.subgraphs).map(([n, s]) => [n, s.url])),
    config: { auth: t.stack.gateway.config.auth, rateLimit: { enabled: false }, ...config },
    stores: t.stack.platform.stores,
  });
}

beforeAll(async () => {
  cdn = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      cdnCalls.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => cdn.listen(0, '127.0.0.1', r));
  const purgeUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}/purge`;
  t = await startTestStack('position-cache', 'redis', {
    ...QUIET_OMS, signingSecret: SECRET,
    gateway: { cdn: { purgeUrl, purgeAuthorization: 'Bearer cdn-test', purgeBatchSize: 50, purgeIntervalMs: 20, maxAgeS: 300 } },
  });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
  skus = [...skuOf.values()].sort();
  positionsOnly = await gatewayWith({ responseCache: { enabled: false } });
  planned = await gatewayWith({ responseCache: { enabled: false }, positionCache: { enabled: false } });
}, 120_000);
afterAll(async () => {
  await positionsOnly?.close();
  await planned?.close();
  await t?.close();
  await new Promise((r) => cdn.close(r));
});

interface Raw { status: number; headers: Headers; text: string; json: any }
async function post(url: string, query: string, variables: Record<string, unknown>, apiKey?: string): Promise<Raw> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers['x-api-key'] = apiKey;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) };
}

const CALLERS = [undefined, demoKey('storefront'), demoKey('clienteling'), demoKey('order-management'), demoKey('acme-marketplace')];
const CHANNELS = ['DTC', 'RETAIL', 'WHOLESALE', 'MARKETPLACE'];

it('answers random questions (near point, radius, channel, caller) exactly as the unification subgraph does', async () => {
  const rnd = mulberry32(20261204);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const stores = t.world.locations.filter((l) => l.type === 'STORE');
  let fromCache = 0;
  for (let i = 0; i < 150; i++) {
    const asked = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => (rnd() < 0.05 ? 'SKU-99999999' : pick(skus)));
    const store = pick(stores);
    const near = rnd() < 0.2 ? null : { lat: store.lat + (rnd() - 0.5) * 0.6, lng: store.lng + (rnd() - 0.5) * 0.6 };
    const variables = { skus: asked, channel: pick(CHANNELS), near, radiusKm: rnd() < 0.3 ? null : 5 + Math.round(rnd() * 120) };
    const caller = pick(CALLERS);
    const query = rnd() < 0.5 ? EVERYTHING : PRODUCT_AVAILABILITY;
    const [ours, theirs] = await Promise.all([post(positionsOnly.url, query, variables, caller), post(planned.url, query, variables, caller)]);
    expect({ i, status: ours.status, body: ours.json }).toEqual({ i, status: theirs.status, body: theirs.json });
    if (ours.headers.get('x-position-cache') === 'HIT') fromCache++;
    else expect(ours.json.errors?.length).toBeGreaterThan(0); // only a refusal goes the planned way
  }
  expect(fromCache).toBeGreaterThan(100);
});

describe('scoping holds on every path', () => {
  const partner = demoKey('acme-marketplace');
  /** the demo assortment is every other SKU (in id order) */
  const hiddenSku = () => skus.find((_, i) => i % 2 === 1)!;
  const visibleSku = () => skus.find((_, i) => i % 2 === 0)!;

  async function expectScoped(url: string, pathHeader: (r: Raw) => void) {
    const both = await post(url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, partner);
    pathHeader(both);
    expect(both.json.data.availability[0]).toMatchObject({ sku: { id: visibleSku() } });
    expect(both.json.data.availability[1]).toBeNull(); // like a SKU that does not exist
    const other = await post(url, PARTNER_STOCK, { skus: [visibleSku()], channel: 'DTC' }, partner);
    expect(other.json.data).toBeNull();
    expect(other.json.errors[0].extensions.code).toBe('FORBIDDEN');
    const anon = await post(url, PARTNER_STOCK, { skus: [visibleSku()], channel: 'WHOLESALE' });
    expect(anon.json.errors[0].extensions.code).toBe('FORBIDDEN');
    // and the same answers as the planned path
    expect(both.json).toEqual((await post(planned.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, partner)).json);
  }

  it('position cache, filling', async () => {
    const g = await gatewayWith({ responseCache: { enabled: false } }); // nothing cached on it yet
    try {
      await expectScoped(g.url, (r) => expect(r.headers.get('x-position-cache')).toBe('HIT'));
    } finally {
      await g.close();
    }
  });

  it('position cache, cached', async () => {
    await post(positionsOnly.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'DTC' }, demoKey('order-management'));
    await expectScoped(positionsOnly.url, (r) => expect(r.headers.get('x-position-cache')).toBe('HIT'));
  });

  it('whole-answer cache', async () => {
    await post(t.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, partner);
    await expectScoped(t.url, (r) => expect(r.headers.get('x-cache')).toBe('HIT'));
    // the same body from another caller is another caller's answer
    const oms = await post(t.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, demoKey('order-management'));
    expect(oms.json.data.availability[1]).toMatchObject({ sku: { id: hiddenSku() } });
  });

  it('planned (no cache)', async () => {
    await expectScoped(planned.url, (r) => expect(r.headers.get('x-position-cache')).toBeNull());
  });
});

it('a change event empties the SKU at once, and the old figure is never served again', async () => {
  const item = t.world.items.find((it) => skuOf.has(it.matnr) && t.world.locations.some((l) => l.type === 'STORE' && (expectedOnHand(t.world, l.plant, it) ?? 0) >= 5))!;
  const store = t.world.locations.find((l) => l.type === 'STORE' && (expectedOnHand(t.world, l.plant, item) ?? 0) >= 5)!;
  const sku = skuOf.get(item.matnr)!;
  const ask = () => post(positionsOnly.url, PRODUCT_AVAILABILITY, { skus: [sku], channel: 'DTC' });
  const before = (await ask()).json.data.availability[0].availableToSell;
  expect((await ask()).headers.get('x-position-cache')).toBe('HIT');
  await t.stack.platform.stores.ledger.applyMovement({ sku, locationId: store.plant, reason: 'SALE', delta: -2, source: 'POS', sourceEventId: `poscache-${sku}`, at: Date.now() });
  await waitFor(ask, (r) => r.json.data.availability[0].availableToSell === before - 2, { what: 'the change at the gateway', timeoutMs: 2000 });
  for (let i = 0; i < 20; i++) expect((await ask()).json.data.availability[0].availableToSell).toBe(before - 2);
  // and the CDN was told
  await waitFor(async () => cdnCalls, (calls) => calls.some((c: any) => c.body.tags?.includes(sku) && c.auth === 'Bearer cdn-test'), { what: 'the purge call', timeoutMs: 2000 });
});

it('stale flags propagate: a source going down shows on answers from the position cache', async () => {
  const sku = skus[3]!;
  const ask = () => post(positionsOnly.url, PRODUCT_AVAILABILITY, { skus: [sku], channel: 'RETAIL' }, demoKey('clienteling'));
  expect((await ask()).json.data.availability[0].stale).toBe(false);
  const health = t.stack.platform.health;
  await health.report('POS', false, Date.now(), 'test: till system down');
  try {
    const flagged = await waitFor(ask, (r) => r.json.data.availability[0].stale === true, { what: 'the stale flag', timeoutMs: 5000 });
    expect(flagged.headers.get('x-position-cache')).toBe('HIT');
    const theirs = await post(planned.url, PRODUCT_AVAILABILITY, { skus: [sku], channel: 'RETAIL' }, demoKey('clienteling'));
    expect(flagged.json).toEqual(theirs.json);
  } finally {
    await health.report('POS', true, Date.now());
  }
  await waitFor(ask, (r) => r.json.data.availability[0].stale === false, { what: 'the flag cleared', timeoutMs: 5000 });
});

it('availability answers carry CDN headers: public and tagged for anonymous callers, private otherwise', async () => {
  const asked = [skus[5]!, skus[6]!];
  const anon = await post(positionsOnly.url, PRODUCT_AVAILABILITY, { skus: asked, channel: 'DTC' });
  expect(anon.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=60');
  expect(anon.headers.get('cache-tag')).toBe(asked.join(','));
  expect(anon.headers.get('surrogate-key')).toBe(asked.join(' '));
  const keyed = await post(positionsOnly.url, PRODUCT_AVAILABILITY, { skus: asked, channel: 'DTC' }, demoKey('storefront'));
  expect(keyed.headers.get('cache-control')).toBe('private, no-store');
  expect(keyed.headers.get('cache-tag')).toBeNull();
  // a whole-answer cache hit carries them too (kept once the quiet time after the last test's health flush is over)
  await waitFor(() => post(t.url, PRODUCT_AVAILABILITY, { skus: asked, channel: 'DTC' }), (r) => r.headers.get('x-cache') === 'HIT', { what: 'a kept answer', timeoutMs: 5000 });
  const hit = await post(t.url, PRODUCT_AVAILABILITY, { skus: asked, channel: 'DTC' });
  expect(hit.headers.get('x-cache')).toBe('HIT');
  expect(hit.headers.get('cache-control')).toBe('public, max-age=0, s-maxage=300');
  expect(hit.headers.get('cache-tag')).toBe(asked.join(','));
});
