/**
 * Issue 3: two deployments on one Redis. A second unification subgraph (own platform, own
 * Redis connections, own process-local position cache) and its own gateway serve reads; a
 * change committed through the first deployment is seen by the second's next read, and the
 * other way round, because every commit invalidates every cache by Redis pub/sub.
 */
import { createLogger } from '@stockgraph/shared';
import { createPlatform, type Platform } from '@stockgraph/shared/platform';
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability';
import type { RunningServer } from '@stockgraph/shared/http';
import { createUnificationApp, type UnificationApp } from '@stockgraph/unification';
import { createWmsApp } from '@stockgraph/wms';
import { WmsClient } from '@stockgraph/wms';
import { createGatewayServer, type GatewayServer } from '@stockgraph/gateway';
import { supergraphSdl } from '../../scripts/stack';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { expectedOnHand } from '../support/expected';
import { stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

let t: TestStack;
let skuOf: Map<string, string>;
let second: { platform?: Platform; app?: UnificationApp; server?: RunningServer; gateway?: GatewayServer } = {};

beforeAll(async () => {
  t = await startTestStack('two-processes', 'redis', QUIET_OMS);
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
  const secret = t.stack.platform.identitySecret;
  second.platform = await createPlatform({ redisUrl: t.redis!.url, identitySecret: secret, logger: createLogger('second'), stores: { prefix: t.redis!.prefix } });
  second.app = createUnificationApp(second.platform, { policies: DEFAULT_CHANNEL_POLICIES, clients: t.stack.clients });
  await second.platform.stores.ledger.changesReady?.();
  second.server = await second.app.start({ port: 0 });
  const urls = Object.fromEntries(Object.entries(t.stack.subgraphs).map(([n, s]) => [n, s.url]));
  second.gateway = await createGatewayServer({
    supergraphSdl: supergraphSdl(), subgraphUrls: { ...urls, unification: second.server.url }, port: 0, host: '127.0.0.1',
    config: { auth: t.stack.gateway.config.auth, rateLimit: { enabled: false } },
  });
});
afterAll(async () => {
  await second.gateway?.close();
  await second.server?.close();
  second.app?.close();
  await second.platform?.close();
  await t?.close();
});

it('a POS sale committed through the first deployment is seen by the second one\'s next read', async () => {
  const store = t.world.locations.find((l) => l.type === 'STORE')!;
  const item = t.world.items.find((i) => (expectedOnHand(t.world, store.plant, i) ?? 0) >= 3)!;
  const sku = skuOf.get(item.matnr)!;
  const onHand = expectedOnHand(t.world, store.plant, item)!;
  const cache = second.app!.deps.positions;

  expect((await stockAt(second.gateway!.url, sku, store.plant)).onHand).toBe(onHand);
  const misses = cache.misses;
  const hits = cache.hits;
  expect((await stockAt(second.gateway!.url, sku, store.plant)).onHand).toBe(onHand);
  expect({ misses: cache.misses, hits: cache.hits > hits }).toEqual({ misses, hits: true }); // served from its cache

  await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 2 }]);
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.onHand === onHand - 2, { what: 'the sale in the first deployment' });
  const seen = await waitFor(() => stockAt(second.gateway!.url, sku, store.plant), (s) => s.onHand !== onHand, { what: 'the sale in the second deployment' });
  expect(seen.onHand).toBe(onHand - 2);
  expect(cache.misses).toBeGreaterThan(misses); // re-read from Redis after the invalidation
});

it('a WMS delta applied by a poller of the second deployment is seen by the first one\'s next read', async () => {
  const dc = t.world.locations.find((l) => l.type === 'DC')!;
  const item = t.world.items.find((i) => (expectedOnHand(t.world, dc.plant, i) ?? 0) > 10)!;
  const sku = skuOf.get(item.matnr)!;
  const onHand = expectedOnHand(t.world, dc.plant, item)!;
  const firstCache = t.stack.apps.unification.deps.positions;
  expect((await stockAt(t.url, sku, dc.plant)).onHand).toBe(onHand);
  const hits = firstCache.hits;
  expect((await stockAt(t.url, sku, dc.plant)).onHand).toBe(onHand);
  expect(firstCache.hits).toBeGreaterThan(hits);

  t.stack.simulators!.wms.recordDelta({ site: dc.wmsSite!, article: item.wmsArticle, type: 'RECEIPT', qty: 12 });
  await createWmsApp(second.platform!, { client: new WmsClient({ baseUrl: t.stack.simulators!.urls.wms }) }).feed.poll();
  const seen = await waitFor(() => stockAt(t.url, sku, dc.plant), (s) => s.onHand !== onHand, { what: 'the delta in the first deployment' });
  expect(seen).toMatchObject({ onHand: onHand + 12, source: 'WMS' });
});
