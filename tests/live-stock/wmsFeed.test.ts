/**
 * Issue 3, WMS delta feed: a movement recorded on the warehouse floor reaches the ledger (in
 * eaches) by the next poll; a restarted poller resumes from its stored cursor; a poller that died
 * before saving its cursor replays without counting twice; a restart that reloads the DC snapshot
 * first counts nothing twice either. Redis store.
 */
import { createLogger } from '@stockgraph/shared';
import { createPlatform, type Platform } from '@stockgraph/shared/platform';
import { FeedCursor } from '@stockgraph/shared/feeds';
import { WmsClient } from '@stockgraph/wms';
import { createWmsApp, type WmsApp } from '@stockgraph/wms';
import { createUnificationApp } from '@stockgraph/unification';
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability';
import type { WorldItem, WorldLocation } from '@stockgraph/simulators';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { expectedOnHand } from '../support/expected';
import { gqlData } from '../support/gql';
import { stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';

let t: TestStack;
let skuOf: Map<string, string>;
let dc: WorldLocation;
const others: Platform[] = [];

beforeAll(async () => {
  t = await startTestStack('live-wms', 'redis', QUIET_OMS);
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
  dc = t.world.locations.find((l) => l.type === 'DC')!;
});
afterAll(async () => {
  for (const p of others) await p.close();
  await t?.close();
});

/** Items the DC ranges with stock, one per test so their figures stay apart. */
const ranged = () => t.world.items.filter((i) => (expectedOnHand(t.world, dc.plant, i) ?? 0) > 50);
const record = (item: WorldItem, type: 'RECEIPT' | 'PICK' | 'ADJUST', qty: number, ref?: string) =>
  t.stack.simulators!.wms.recordDelta({ site: dc.wmsSite!, article: item.wmsArticle, type, qty, ref });

/** Another process on the same Redis prefix: its own connections, registry and WMS feed. */
async function restartedWmsApp(): Promise<{ platform: Platform; app: WmsApp }> {
  const platform = await createPlatform({
    redisUrl: t.redis!.url, identitySecret: t.stack.platform.identitySecret, logger: createLogger('restarted'), stores: { prefix: t.redis!.prefix },
  });
  others.push(platform);
  const client = new WmsClient({ baseUrl: t.stack.simulators!.urls.wms, timeoutMs: 2000 });
  return { platform, app: createWmsApp(platform, { client }) };
}

it('a delta recorded at the WMS reaches the ledger by the next poll, converted to eaches, with its reason and document', async () => {
  const [a, b] = ranged();
  const skuA = skuOf.get(a.matnr)!;
  const skuB = skuOf.get(b.matnr)!;
  const receipt = 3 * a.packSize + 5; // the WMS reports it as 3 cases + 5 eaches
  const pick = b.packSize + 1;
  record(a, 'RECEIPT', receipt, 'ASN-TEST-1');
  record(b, 'PICK', pick, 'PICK-TEST-1');
  expect((await stockAt(t.url, skuA, dc.plant)).onHand).toBe(expectedOnHand(t.world, dc.plant, a));
  const stats = await t.stack.apps.wms.feed.poll();
  expect(stats).toMatchObject({ applied: 2, duplicates: 0, stale: 0 });
  expect(await stockAt(t.url, skuA, dc.plant)).toMatchObject({ onHand: expectedOnHand(t.world, dc.plant, a)! + receipt, source: 'WMS' });
  expect((await stockAt(t.url, skuB, dc.plant)).onHand).toBe(expectedOnHand(t.world, dc.plant, b)! - pick);
  const d: any = await gqlData(t.url, `query($sku: ID!, $loc: ID!) { sku(id: $sku) { stockHistory(locationId: $loc) { edges { node { reason delta source sourceDocument } } } } }`,
    { sku: skuA, loc: dc.plant }, demoKey('clienteling'));
  expect(d.sku.stockHistory.edges.map((e: any) => e.node)).toEqual([{ reason: 'RECEIPT', delta: receipt, source: 'WMS', sourceDocument: 'ASN-TEST-1' }]);
  // nothing new: a second poll changes nothing
  expect(await t.stack.apps.wms.feed.poll()).toMatchObject({ applied: 0, duplicates: 0 });
});

it('a restarted poller resumes from the stored cursor without counting anything twice', async () => {
  const item = ranged()[2];
  const sku = skuOf.get(item.matnr)!;
  const base = expectedOnHand(t.world, dc.plant, item)!;
  record(item, 'RECEIPT', 7);
  await t.stack.apps.wms.feed.poll();
  record(item, 'ADJUST', -2);
  const { app } = await restartedWmsApp();
  expect(await app.feed.poll()).toMatchObject({ applied: 1, duplicates: 0 });
  expect((await stockAt(t.url, sku, dc.plant)).onHand).toBe(base + 7 - 2);
  expect(await t.stack.apps.wms.feed.poll()).toMatchObject({ applied: 0, duplicates: 0 });
});

it('a poller that died before saving its cursor replays the page and changes nothing twice', async () => {
  const item = ranged()[3];
  const sku = skuOf.get(item.matnr)!;
  const base = expectedOnHand(t.world, dc.plant, item)!;
  const cursor = new FeedCursor(t.stack.platform.stores.kv, 'wms-deltas');
  const before = await cursor.get();
  record(item, 'RECEIPT', 4);
  record(item, 'PICK', 1);
  expect(await t.stack.apps.wms.feed.poll()).toMatchObject({ applied: 2 });
  await cursor.set(before); // the crash: the page was applied, its cursor never saved
  const { app } = await restartedWmsApp();
  expect(await app.feed.poll()).toMatchObject({ applied: 0, duplicates: 2 });
  expect((await stockAt(t.url, sku, dc.plant)).onHand).toBe(base + 4 - 1);
});

it('a restart that reloads the DC snapshot before polling counts no delta twice and flags no false discrepancy', async () => {
  const [, , , , a, b] = ranged();
  const baseA = expectedOnHand(t.world, dc.plant, a)!;
  const baseB = expectedOnHand(t.world, dc.plant, b)!;
  record(a, 'RECEIPT', 6);
  await t.stack.apps.wms.feed.poll();
  // moved after the last poll: the snapshot below already holds them, the feed still has them
  record(a, 'PICK', 2);
  record(b, 'RECEIPT', 9);
  const { app } = await restartedWmsApp();
  await app.loadSnapshots();
  await app.feed.poll();
  expect((await stockAt(t.url, skuOf.get(a.matnr)!, dc.plant)).onHand).toBe(baseA + 6 - 2);
  expect((await stockAt(t.url, skuOf.get(b.matnr)!, dc.plant)).onHand).toBe(baseB + 9);
  const open = await t.stack.platform.discrepancies.list();
  expect(open.filter((d) => [skuOf.get(a.matnr), skuOf.get(b.matnr)].includes(d.sku))).toEqual([]);
  // and the feed goes on from there
  record(b, 'PICK', 1);
  expect(await app.feed.poll()).toMatchObject({ applied: 1 });
  expect((await stockAt(t.url, skuOf.get(b.matnr)!, dc.plant)).onHand).toBe(baseB + 9 - 1);
});

it('a new deployment on an empty store, started while the WMS feed already holds movements, counts each once', async () => {
  const item = ranged()[6];
  const base = expectedOnHand(t.world, dc.plant, item)!;
  record(item, 'RECEIPT', 5);
  record(item, 'PICK', 1);
  // a fresh key prefix (inside this file's, so it is cleaned up with it): no ledger, no cursor yet
  const platform = await createPlatform({
    redisUrl: t.redis!.url, identitySecret: t.stack.platform.identitySecret, logger: createLogger('fresh'), stores: { prefix: `${t.redis!.prefix}fresh:` },
  });
  others.push(platform);
  await createUnificationApp(platform, { policies: DEFAULT_CHANNEL_POLICIES, clients: t.stack.clients }).sync.run();
  const app = createWmsApp(platform, { client: new WmsClient({ baseUrl: t.stack.simulators!.urls.wms }) });
  await app.loadSnapshots();
  const stats = await app.feed.poll();
  expect(stats.applied).toBe(0); // every delta in the feed is one the snapshots already hold
  expect(stats.stale).toBeGreaterThanOrEqual(2);
  const [p] = await platform.stores.ledger.getPositions([{ sku: skuOf.get(item.matnr)!, locationId: dc.plant }]);
  expect(p?.onHand).toBe(base + 5 - 1);
});

it('a WMS whose delta seq started again (a reinstall) is followed again from its next snapshot', async () => {
  const item = ranged()[7];
  const sku = skuOf.get(item.matnr)!;
  const base = expectedOnHand(t.world, dc.plant, item)!;
  const cursor = new FeedCursor(t.stack.platform.stores.kv, 'wms-deltas');
  await t.stack.apps.wms.feed.poll();
  await cursor.set((await cursor.get()) + 100_000); // read up to a seq of the WMS's earlier life
  record(item, 'RECEIPT', 8);
  expect(await t.stack.apps.wms.feed.poll()).toMatchObject({ applied: 0 }); // below the cursor: unseen
  await t.stack.apps.wms.loadSnapshots();
  expect((await stockAt(t.url, sku, dc.plant)).onHand).toBe(base + 8);
  record(item, 'PICK', 3);
  expect(await t.stack.apps.wms.feed.poll()).toMatchObject({ applied: 1 });
  expect((await stockAt(t.url, sku, dc.plant)).onHand).toBe(base + 8 - 3);
});
