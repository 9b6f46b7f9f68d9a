/**
 * Many processes on one Redis (and on the local Redis Cluster: jest.config.js's cluster project):
 * two gateways and two replicas of every subgraph but planning behind one balancer, as `npm run start:scaled`
 * runs them (scripts/scaledStack.ts). What must hold across processes: rate limits drawn from
 * one bucket, stock-cache invalidation reaching every gateway, idempotency keys with one effect
 * whichever gateways the same request reaches at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Location, StockLedger } from '@stockgraph/shared';
import { createStores, type Stores } from '@stockgraph/shared/stores';
import { Registry } from '@stockgraph/shared/registry';
import { connectTestRedis, waitFor, type TestRedis } from '@stockgraph/shared/testing';
import { OmsClient } from '@stockgraph/oms';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { startScaledStack, type ScaledStack } from '../../scripts/scaledStack';
import { demoKey } from '../support/startTestStack';
import { codes, holdCart, omsOrdersByExternalId, placeStock, positionOf, PRODUCT_AVAILABILITY, routeOrder } from '../support/omsOps';

const ANONYMOUS_BURST = 6;
const storefront = demoKey('storefront');
const ops = demoKey('order-management');

let t: TestRedis;
let s: ScaledStack;
let stores: Stores;
let oms: OmsClient;
let logDir: string;
let skus: string[];
let dcs: Location[];
const ledger = (): StockLedger => stores.ledger;
const takeSku = () => skus.shift()!;

beforeAll(async () => {
  t = await connectTestRedis('scaled-stack');
  logDir = mkdtempSync(join(tmpdir(), 'sg-scaled-'));
  s = await startScaledStack({
    scale: 2, redisUrl: t.url, keyPrefix: t.prefix, signingSecret: randomBytes(32).toString('hex'), webhookSecret: 'scaled-webhook-secret', logDir,
    gatewayAuth: () => ({ apiKeys: DEMO_API_KEYS, assortments: { acme: [] } }),
    // a small anonymous budget, so that a shared bucket and per-gateway buckets give different counts
    gatewayEnv: { RATE_LIMIT_ANONYMOUS_RPS: '0.01', RATE_LIMIT_ANONYMOUS_BURST: String(ANONYMOUS_BURST) },
    subgraphEnv: { oms: { OMS_POLL_MS: '500', RECONCILE_MS: '0' }, planning: { PLANNING_SEED_DAYS: '0' } },
  });
  stores = await createStores(t.url, { prefix: t.prefix });
  const registry = new Registry(stores.kv);
  await registry.waitUntilReady(30_000);
  skus = registry.skuIds().filter((id) => registry.localCode(id, 'OMS'));
  dcs = registry.allLocations().filter((l) => l.type === 'DISTRIBUTION_CENTER');
  oms = new OmsClient({ baseUrl: s.legacyUrls.oms, timeoutMs: 10_000 });
}, 600_000);
afterAll(async () => {
  await stores?.close();
  await s?.close();
  await t?.cleanup();
  if (logDir) rmSync(logDir, { recursive: true, force: true });
}, 120_000);

it('one port spreads requests over both gateways, and each gateway reaches every replica of every subgraph', async () => {
  const before = [...s.balancer.sent];
  for (let i = 0; i < 6; i++) expect((await fetch(s.url.replace(/graphql$/, 'health'))).status).toBe(200);
  expect(s.balancer.sent.map((n, i) => n - before[i]!)).toEqual([3, 3]);
  for (const gw of s.gatewayUrls) {
    const ready = (await (await fetch(gw.replace(/graphql$/, 'ready'))).json()) as { status: string; subgraphs: Record<string, string> };
    expect(ready.status).toBe('ready');
    expect(Object.keys(ready.subgraphs).sort()).toEqual(['erp', 'oms', 'planning', 'pos', 'unification', 'wms'].flatMap((n) => (n === 'planning' ? [n] : [`${n}#1`, `${n}#2`])));
  }
});

describe('rate limits, shared by the gateways', () => {
  /** an anonymous shopper behind the balancer (which appends the address it sees: this test's own, a trusted one) */
  const shopper = (address: string) =>
    fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ query: '{ __typename }' }) }).then((r) => r.status);

  it('one anonymous shopper draws from one bucket whichever gateway answers; another shopper has their own', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * ANONYMOUS_BURST; i++) statuses.push(await shopper('198.51.100.7'));
    // per-gateway buckets would have let all 12 through (6 per gateway)
    expect(statuses.filter((x) => x === 200)).toHaveLength(ANONYMOUS_BURST);
    expect(statuses.filter((x) => x === 429)).toHaveLength(ANONYMOUS_BURST);
    expect(await shopper('198.51.100.8')).toBe(200);
  });

  it('200 concurrent checkout holds with one storefront key through the one port: none is throttled by the defaults', async () => {
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0]!.id]: 200 });
    const answers = await Promise.all(Array.from({ length: 200 }, () =>
      fetch(s.url, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': storefront },
        body: JSON.stringify({ query: 'mutation H($input: ReserveInput!) { reserve(input: $input) { reservations { id } userErrors { code } } }', variables: { input: { channel: 'DTC', lines: [{ sku, locationId: dcs[0]!.id, quantity: 1 }] } } }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { data?: { reserve?: { reservations: unknown[] } } } }))));
    expect({ statuses: answers.map((a) => a.status).filter((x) => x !== 200), failures: s.balancer.failures }).toEqual({ statuses: [], failures: [] });
    expect(answers.filter((a) => a.body.data?.reserve?.reservations.length === 1)).toHaveLength(200);
    expect((await positionOf(ledger(), sku, dcs[0]!.id)).reserved).toBe(200);
  });
});

describe('the stock cache of every gateway', () => {
  /** ProductAvailability asked of one gateway: the figure, and whether that gateway's cache answered */
  const ask = async (gateway: string, sku: string) => {
    const r = await fetch(gateway, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': storefront }, body: JSON.stringify({ query: PRODUCT_AVAILABILITY, variables: { skus: [sku], channel: 'DTC' } }) });
    const body = (await r.json()) as { data: { availability: { availableToSell: number }[] } };
    return { ats: body.data.availability[0]!.availableToSell, cache: r.headers.get('x-cache') };
  };

  it('a hold made through gateway A empties gateway B\'s cached answer: B never serves the old figure once the change is out', async () => {
    const [a, b] = s.gatewayUrls as [string, string];
    for (let round = 0; round < 3; round++) {
      const sku = takeSku();
      await placeStock(ledger(), sku, { [dcs[1]!.id]: 40 });
      // both gateways keep an answer for the SKU
      const warm = await waitFor(async () => [await ask(a, sku), await ask(b, sku)], (x) => x.every((y) => y.cache === 'HIT') && x[0]!.ats === x[1]!.ats, { what: 'both caches warm' });
      const before = warm[1]!.ats;
      const hold = await holdCart(a, storefront, { channel: 'DTC', lines: [{ sku, locationId: dcs[1]!.id, quantity: 3 }] });
      expect(hold.userErrors).toEqual([]);
      const fresh = await waitFor(() => ask(b, sku), (x) => x.ats !== before, { what: 'gateway B to see the hold', timeoutMs: 5000 });
      expect(fresh.ats).toBe(before - 3);
      // and from then on, every answer of B (cached again or not) has the new figure
      for (let i = 0; i < 20; i++) expect((await ask(b, sku)).ats).toBe(before - 3);
      expect((await ask(b, sku)).cache).toBe('HIT');
    }
  });
});

describe('idempotency across gateways', () => {
  it('the same hold with the same key sent to both gateways at once: one hold, and both get the same answer', async () => {
    const [a, b] = s.gatewayUrls as [string, string];
    const sku = takeSku();
    await placeStock(ledger(), sku, { [dcs[0]!.id]: 100 });
    for (let round = 0; round < 8; round++) {
      const input = { channel: 'DTC', lines: [{ sku, locationId: dcs[0]!.id, quantity: 2 }], idempotencyKey: `scaled-hold-${process.pid}-${round}` };
      const [x, y] = await Promise.all([holdCart(a, storefront, input), holdCart(b, storefront, input)]);
      expect(x.userErrors).toEqual([]);
      expect(x.reservations).toHaveLength(1);
      expect(y).toEqual(x);
    }
    expect((await positionOf(ledger(), sku, dcs[0]!.id)).reserved).toBe(8 * 2);
  });

  it('the same order with the same key sent to both gateways at once: one order in the OMS, one set of holds, one answer', async () => {
    const [a, b] = s.gatewayUrls as [string, string];
    for (let round = 0; round < 4; round++) {
      const sku = takeSku();
      await placeStock(ledger(), sku, { [dcs[2]!.id]: 10 });
      const input = { channel: 'DTC', orderId: `SCALED-${process.pid}-${round}`, destination: dcs[2]!.geo, lines: [{ sku, quantity: 3 }], idempotencyKey: `scaled-route-${process.pid}-${round}` };
      const [x, y] = await Promise.all([routeOrder(a, ops, input), routeOrder(b, ops, input)]);
      expect(codes(x.userErrors)).toEqual([]);
      expect(y).toEqual(x);
      expect((await positionOf(ledger(), sku, dcs[2]!.id)).reserved).toBe(3);
      expect(await omsOrdersByExternalId(oms, input.orderId)).toHaveLength(1);
    }
  });
});
