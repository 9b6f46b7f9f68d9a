/**
 * Issue 3: a discrepancy raises a cycle count at the system that holds the goods (the WMS for a
 * DC, the store's POS for a store); the count comes back through that system's feed, sets the
 * ledger with reason COUNT and closes the discrepancy. Redis store; the WMS feed is polled by hand.
 */
import { POS_WEBHOOK_PATH } from '@stockgraph/pos';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { expectedOnHand } from '../support/expected';
import { gql, gqlData } from '../support/gql';
import { stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

const SECRET = 'cycle-count-test-webhook-secret';
const REQUEST = `mutation($id: ID!) { requestCycleCount(discrepancyId: $id) {
  discrepancy { id status countRef counted sku { id } location { id } } userErrors { field code message } } }`;
const ONE = `query($id: ID!) { stockDiscrepancy(id: $id) { id status countRef counted resolvedAt sources { system quantity } } }`;
const OPEN = `{ stockDiscrepancies(first: 100) { id status sku { id } location { id name type } } }`;
const HISTORY = `query($sku: ID!, $loc: ID!) { sku(id: $sku) { stockHistory(locationId: $loc, first: 5) { edges { node { reason source sourceDocument onHandAfter } } } } }`;

let t: TestStack;
let skuOf: Map<string, string>;
const ops = demoKey('order-management');

beforeAll(async () => {
  t = await startTestStack('cycle-count', 'redis', { ...QUIET_OMS, webhookSecret: SECRET });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
});
afterAll(async () => t?.close());

const openIds = async () => ((await gqlData(t.url, OPEN, {}, ops)) as any).stockDiscrepancies.map((d: any) => d.id) as string[];
const one = async (id: string) => ((await gqlData(t.url, ONE, { id }, ops)) as any).stockDiscrepancy;
const discrepancyIdOf = async (sku: string, locationId: string) => {
  const d: any = await gqlData(t.url, OPEN, {}, ops);
  const found = d.stockDiscrepancies.find((x: any) => x.sku.id === sku && x.location.id === locationId);
  // the location is the registry's, not a bare reference: its own fields answer
  if (found) expect(found.location).toEqual({ id: locationId, name: expect.any(String), type: expect.stringMatching(/^(STORE|DISTRIBUTION_CENTER)$/) });
  return found?.id as string;
};

it('a DC discrepancy: the WMS counts, the COUNT delta sets the ledger and resolves it; the next ERP batch does not reopen it', async () => {
  const [dis] = t.world.anomalies.disagreements;
  const sku = skuOf.get(dis.matnr)!;
  const id = await discrepancyIdOf(sku, dis.plant);
  expect(id).toBeTruthy();
  const countsBefore = t.stack.simulators!.wms.calls.snapshot().paths['/wms/cycle-counts'] ?? 0;

  const r: any = await gqlData(t.url, REQUEST, { id }, ops);
  expect(r.requestCycleCount).toMatchObject({ userErrors: [], discrepancy: { id, status: 'COUNT_REQUESTED', counted: null, sku: { id: sku }, location: { id: dis.plant } } });
  const ref = r.requestCycleCount.discrepancy.countRef;
  expect(ref).toEqual(expect.any(String));
  // asking again while the count is on its way asks nothing more
  const again: any = await gqlData(t.url, REQUEST, { id }, ops);
  expect(again.requestCycleCount).toMatchObject({ userErrors: [], discrepancy: { status: 'COUNT_REQUESTED', countRef: ref } });
  expect(t.stack.simulators!.wms.calls.snapshot().paths['/wms/cycle-counts']).toBe(countsBefore + 1);

  await waitFor(async () => { await t.stack.apps.wms.feed.poll(); return one(id); }, (d) => d.status === 'RESOLVED', { what: 'the WMS count' });
  expect(await one(id)).toMatchObject({ status: 'RESOLVED', countRef: ref, counted: dis.wms, resolvedAt: expect.any(String) });
  expect(await openIds()).not.toContain(id);
  expect(await stockAt(t.url, sku, dis.plant)).toMatchObject({ onHand: dis.wms, source: 'WMS' });
  const h: any = await gqlData(t.url, HISTORY, { sku, loc: dis.plant }, ops);
  expect(h.sku.stockHistory.edges[0].node).toEqual({ reason: 'COUNT', source: 'WMS', sourceDocument: ref, onHandAfter: dis.wms });

  // the ERP's nightly figure predates the count: it does not reopen the discrepancy
  await t.stack.apps.erp.runBatch();
  expect((await one(id)).status).toBe('RESOLVED');
  expect(await openIds()).not.toContain(id);
  // the other seeded disagreements, never counted, are still open
  const others = t.world.anomalies.disagreements.slice(1).map((d) => `${skuOf.get(d.matnr)}@${d.plant}`);
  const open: any = await gqlData(t.url, OPEN, {}, ops);
  expect(open.stockDiscrepancies.map((d: any) => `${d.sku.id}@${d.location.id}`)).toEqual(expect.arrayContaining(others));
});

it('a store discrepancy: the POS counts, the COUNT webhook corrects the ledger and resolves it', async () => {
  const store = t.world.locations.find((l) => l.type === 'STORE')!;
  const item = t.world.items.find((i) => (expectedOnHand(t.world, store.plant, i) ?? 0) >= 4)!;
  const sku = skuOf.get(item.matnr)!;
  const onHand = expectedOnHand(t.world, store.plant, item)!;
  const pos = t.stack.clients.pos;
  const webhook = t.stack.subgraphs.pos.url.replace(/\/graphql$/, POS_WEBHOOK_PATH);
  // a sale the ledger never heard of (the push was lost): the ledger is now wrong by 3
  await pos.clearWebhooks();
  try {
    await pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 3 }]);
  } finally {
    await pos.registerWebhook(webhook, SECRET);
  }
  expect((await stockAt(t.url, sku, store.plant)).onHand).toBe(onHand);
  // an intraday ERP figure disagrees with the ledger
  await t.stack.platform.reconciler.reconcile('ERP', [{ sku, locationId: store.plant, onHand: onHand - 3, at: Date.now(), source: 'ERP' }]);
  const id = await discrepancyIdOf(sku, store.plant);
  expect((await one(id)).sources.sort((a: any, b: any) => a.system.localeCompare(b.system))).toEqual([
    { system: 'ERP', quantity: onHand - 3 }, { system: 'POS', quantity: onHand },
  ]);

  const r: any = await gqlData(t.url, REQUEST, { id }, ops);
  expect(r.requestCycleCount).toMatchObject({ userErrors: [], discrepancy: { status: 'COUNT_REQUESTED' } });
  const resolved = await waitFor(() => one(id), (d) => d.status === 'RESOLVED', { what: 'the POS count' });
  expect(resolved).toMatchObject({ counted: onHand - 3, countRef: r.requestCycleCount.discrepancy.countRef });
  expect(await stockAt(t.url, sku, store.plant)).toMatchObject({ onHand: onHand - 3, source: 'POS' });
  const h: any = await gqlData(t.url, HISTORY, { sku, loc: store.plant }, ops);
  expect(h.sku.stockHistory.edges[0].node).toMatchObject({ reason: 'COUNT', source: 'POS', onHandAfter: onHand - 3 });
});

it('refuses what it cannot do, with stable codes', async () => {
  const unknown: any = await gqlData(t.url, REQUEST, { id: 'DISC-SKU-0-X999' }, ops);
  expect(unknown.requestCycleCount).toEqual({ discrepancy: null, userErrors: [{ field: ['discrepancyId'], code: 'UNKNOWN_DISCREPANCY', message: expect.any(String) }] });

  const resolvedId = (await gqlData(t.url, `{ stockDiscrepancies(first: 100, includeResolved: true) { id status } }`, {}, ops) as any)
    .stockDiscrepancies.find((d: any) => d.status === 'RESOLVED')?.id;
  expect(resolvedId).toBeTruthy();
  const done: any = await gqlData(t.url, REQUEST, { id: resolvedId }, ops);
  expect(done.requestCycleCount.userErrors.map((e: any) => e.code)).toEqual(['ALREADY_RESOLVED']);

  const [, dis] = t.world.anomalies.disagreements;
  const id = await discrepancyIdOf(skuOf.get(dis.matnr)!, dis.plant);
  const noScope = await gql(t.url, REQUEST, { id }, demoKey('clienteling'));
  expect(noScope.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

  t.stack.simulators!.wms.setFaults({ down: true });
  try {
    const down: any = await gqlData(t.url, REQUEST, { id }, ops);
    expect(down.requestCycleCount).toMatchObject({ discrepancy: { id, status: 'OPEN', countRef: null }, userErrors: [{ code: 'SOURCE_UNAVAILABLE' }] });
  } finally {
    t.stack.simulators!.wms.setFaults({ down: false });
  }
  expect((await one(id)).status).toBe('OPEN');
});
