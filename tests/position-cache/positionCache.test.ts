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
/** whole answers only (no position cache): the whole-answer path */
let wholeOnly: GatewayServer;
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
  wholeOnly = await gatewayWith({ positionCache: { enabled: false }, cdn: { maxAgeS: 300 } });
}, 120_000);
afterAll(async () => {
  await positionsOnly?.close();
  await planned?.close();
  await wholeOnly?.close();
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

  it('position cache, fast path (a query text Apollo has vetted, answered in front of it)', async () => {
    const g = await gatewayWith({ responseCache: { enabled: false } });
    try {
      // the first request of the text goes through Apollo; every request after it, the fast path
      await post(g.url, PARTNER_STOCK, { skus: [visibleSku()], channel: 'DTC' }, demoKey('order-management'));
      const before = await positionAnswerCounts(g.url);
      await expectScoped(g.url, (r) => expect(r.headers.get('x-position-cache')).toBe('HIT'));
      const after = await positionAnswerCounts(g.url);
      expect(after.fast - before.fast).toBe(1); // the answered one; the refusals went to Apollo and were refused there
      expect(after.apollo).toBe(before.apollo);
    } finally {
      await g.close();
    }
  });

  it('whole-answer cache', async () => {
    await post(wholeOnly.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, partner);
    await post(wholeOnly.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, partner); // kept from its second asking
    await expectScoped(wholeOnly.url, (r) => expect(r.headers.get('x-cache')).toBe('HIT'));
    // the same body from another caller is another caller's answer
    const oms = await post(wholeOnly.url, PARTNER_STOCK, { skus: [visibleSku(), hiddenSku()], channel: 'MARKETPLACE' }, demoKey('order-management'));
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
  // so does the fast path (a text vetted by now)
  const fast = await post(positionsOnly.url, PRODUCT_AVAILABILITY, { skus: asked, channel: 'DTC' });
  expect(fast.headers.get('cache-tag')).toBe(asked.join(','));
  expect(fast.headers.get('cache-control')).toBe(anon.headers.get('cache-control'));
});

/** the gateway's count of availability answers from the position cache, by way in (its /metrics) */
async function positionAnswerCounts(url: string): Promise<{ apollo: number; fast: number }> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const read = (path: string) => Number(new RegExp(`^gateway_position_answers_total\\{path="${path}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { apollo: read('apollo'), fast: read('fast') };
}

describe('the fast path answers exactly as Apollo would', () => {
  /** what may differ between two responses: per request, or per connection */
  const PER_REQUEST = new Set(['x-request-id', 'date', 'connection', 'keep-alive', 'content-length']);
  const headersOf = (r: Response) => Object.fromEntries([...(r.headers as unknown as Iterable<[string, string]>)].filter(([k]) => !PER_REQUEST.has(k)));
  async function raw(url: string, body: string, headers: Record<string, string>) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, headers: headersOf(res), text: await res.text() };
  }

  it('the same bytes, status and headers as the first (Apollo) answer of the text, whatever the Accept header and caller', async () => {
    const rnd = mulberry32(41);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const accepts = [undefined, 'application/json', 'application/graphql-response+json', 'application/graphql-response+json, application/json;q=0.9', '*/*', 'text/html', 'application/xml'];
    let answeredFast = 0;
    for (let i = 0; i < 24; i++) {
      const variables = { skus: [pick(skus), pick(skus)], channel: pick(['DTC', 'RETAIL']), near: { lat: 51.5, lng: -0.12 }, radiusKm: 40 };
      const accept = pick(accepts);
      const headers: Record<string, string> = {};
      if (accept) headers.accept = accept;
      const key = pick([undefined, demoKey('storefront'), demoKey('clienteling')]);
      if (key) headers['x-api-key'] = key;
      // a fresh gateway answers the text through Apollo; the second request of it takes the fast path
      const g = await gatewayWith({ responseCache: { enabled: false } });
      try {
        const body = JSON.stringify({ query: EVERYTHING, variables });
        const viaApollo = await raw(g.url, body, headers);
        const before = await positionAnswerCounts(g.url);
        const viaFast = await raw(g.url, body, headers);
        const after = await positionAnswerCounts(g.url);
        expect({ i, accept, ...viaFast }).toEqual({ i, accept, ...viaApollo });
        // what the position cache did not answer through Apollo (a refusal, a 406) is not vetted: Apollo's again
        expect({ i, accept, key, fast: after.fast - before.fast }).toEqual({ i, accept, key, fast: viaApollo.headers['x-position-cache'] === 'HIT' ? 1 : 0 });
        if (viaApollo.status === 200 && !viaApollo.text.includes('"errors"')) answeredFast++;
      } finally {
        await g.close();
      }
    }
    expect(answeredFast).toBeGreaterThanOrEqual(8); // the rest: 406s and refusals (an anonymous caller asking for RETAIL)
  }, 120_000);

  it('leaves to Apollo what Apollo checks per request: variables that do not coerce, too long a list, another operation name', async () => {
    const g = await gatewayWith({ responseCache: { enabled: false }, limits: { maxListItems: 5 } });
    try {
      await post(g.url, PRODUCT_AVAILABILITY, { skus: [skus[0]], channel: 'DTC' }); // vetted now
      const before = await positionAnswerCounts(g.url);
      const badChannel = await post(g.url, PRODUCT_AVAILABILITY, { skus: [skus[0]], channel: 'NOPE' });
      expect(badChannel.status).toBe(400);
      expect(badChannel.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const tooMany = await post(g.url, PRODUCT_AVAILABILITY, { skus: skus.slice(0, 6), channel: 'DTC' });
      expect(tooMany.json.errors[0].message).toBe('An argument exceeds a size limit of this server.');
      expect(tooMany.json.data).toBeUndefined();
      const res = await fetch(g.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: PRODUCT_AVAILABILITY, operationName: 'Other', variables: { skus: [skus[0]], channel: 'DTC' } }) });
      expect(res.status).toBe(400);
      expect((await res.json()).errors[0]).toMatchObject({ message: 'Unknown operation named "Other".', extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
      expect((await positionAnswerCounts(g.url)).fast).toBe(before.fast);
      // and a good one still takes it
      await post(g.url, PRODUCT_AVAILABILITY, { skus: [skus[1]], channel: 'DTC' });
      expect((await positionAnswerCounts(g.url)).fast).toBe(before.fast + 1);
    } finally {
      await g.close();
    }
  });
});
