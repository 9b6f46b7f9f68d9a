// Rate limits through running gateways that share their buckets in a real Redis: per-key budgets,
// defaults that let a storefront's backend through, anonymous callers by end-user address, and
// X-Forwarded-For believed only from trusted proxies (HOSTILE-INPUTS row 29).
import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import type { GatewayConfigOverrides } from '../../configTypes';
import type { GatewayServer } from '../../server';
import { startFixtureGateway, type FixtureGateway } from '../../__tests__/fixtures/startFixtureGateway';
import { codes, post } from '../../__tests__/fixtures/http';

const STOREFRONT_KEY = 'storefront-backend-key-0123';
const PARTNER_KEY = 'small-partner-key-01234567';
const apiKeys = {
  [STOREFRONT_KEY]: { clientId: 'storefront', channel: 'DTC' as const, scopes: ['holds:write'] },
  [PARTNER_KEY]: { clientId: 'small-feed', channel: 'MARKETPLACE' as const, partnerId: 'small', scopes: [], rateLimit: { ratePerSecond: 0.001, burst: 5 } },
};
const HOLD = 'mutation { reserve(sku: "S1", quantity: 1) { id } }';
const tight = { ratePerSecond: 0.001, burst: 2 };

let t: TestRedis;
let fx: FixtureGateway;
let gateways: GatewayServer[];

const shared = (extra: GatewayConfigOverrides['rateLimit'] = {}): GatewayConfigOverrides => ({
  auth: { apiKeys },
  rateLimit: { redisUrl: t.url, keyPrefix: t.prefix, ...extra },
});

beforeAll(async () => {
  t = await connectTestRedis('gateway-rate-limit');
  fx = await startFixtureGateway(shared());
  gateways = [fx.gateway, await fx.startGateway(shared())];
});
afterAll(async () => {
  await fx?.close();
  await t?.cleanup();
});

it('200 concurrent checkout holds sent with one storefront key through two gateways: none is throttled by the defaults', async () => {
  const before = fx.reservations();
  const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => post(gateways[i % 2]!.url, { query: HOLD }, { 'x-api-key': STOREFRONT_KEY })));
  expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
  expect(fx.reservations() - before).toBe(200);
});

it('a key\'s own budget is shared by every gateway: 12 requests over two gateways against a burst of 5 let 5 through', async () => {
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => post(gateways[i % 2]!.url, { query: '{ __typename }' }, { 'x-api-key': PARTNER_KEY })));
  expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
  const refused = answers.filter((a) => a.status !== 200);
  expect(refused.map((a) => a.status)).toEqual(Array(7).fill(429));
  expect(refused.every((a) => codes(a)[0] === 'RATE_LIMITED' && Number(a.headers.get('retry-after')) > 0)).toBe(true);
});

describe('anonymous callers, by end-user address', () => {
  const anonymous = (url: string, forwardedFor?: string) =>
    post(url, { query: '{ __typename }' }, forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}).then((a) => a.status);

  it('without trusted proxies, X-Forwarded-For is ignored: one address, one bucket, however the header varies', async () => {
    const gw = await fx.startGateway(shared({ anonymous: tight, keyPrefix: `${t.prefix}untrusted:` }));
    const statuses = [];
    for (const xff of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) statuses.push(await anonymous(gw.url, xff));
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('behind a trusted proxy, each end user has a bucket of their own, and a forged hop before the proxy changes nothing', async () => {
    const gw = await fx.startGateway(shared({ anonymous: tight, trustedProxies: ['127.0.0.1/32'], keyPrefix: `${t.prefix}trusted:` }));
    expect([await anonymous(gw.url, '198.51.100.1'), await anonymous(gw.url, '198.51.100.1'), await anonymous(gw.url, '198.51.100.1')]).toEqual([200, 200, 429]);
    expect(await anonymous(gw.url, '198.51.100.2')).toBe(200); // another shopper
    // the shopper writes their own X-Forwarded-For; the proxy appends the address it saw: that one counts
    expect(await anonymous(gw.url, '10.9.9.9, 198.51.100.1')).toBe(429);
    expect(await anonymous(gw.url, '198.51.100.1, 198.51.100.3')).toBe(200);
    // limited per address, not per proxy: the proxy's own requests have their own bucket
    expect(await anonymous(gw.url)).toBe(200);
  });
});
