/**
 * Issue 3: a legacy system switched down. After the next failed feed call the figures that
 * depend on it are served with `stale: true` and their last known values and as-of; figures
 * from other systems stay fresh; the graph keeps answering; recovery clears the flag.
 * Each system is failed by one feed call only, so no client's circuit breaker opens.
 */
import { DEFAULT_CHANNEL_POLICIES } from '@stockgraph/shared/availability';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { contractOperation } from '../support/contract';
import { expectedAvailability, expectedIncoming, expectedOnHand } from '../support/expected';
import { gqlData } from '../support/gql';
import { availability, stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

let t: TestStack;
let skuOf: Map<string, string>;

beforeAll(async () => {
  t = await startTestStack('stale-source', 'redis', QUIET_OMS);
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
});
afterAll(async () => t?.close());

/** An item stocked at both a DC and a store, with the two locations. */
function stockedItem(k: number) {
  const dc = t.world.locations.find((l) => l.type === 'DC')!;
  const store = t.world.locations.filter((l) => l.type === 'STORE')[k];
  const item = t.world.items.find((i) => (expectedOnHand(t.world, dc.plant, i) ?? 0) > 0 && (expectedOnHand(t.world, store.plant, i) ?? 0) > 0)!;
  return { dc, store, item, sku: skuOf.get(item.matnr)! };
}

it('POS down: store figures turn stale with their last known values, DC figures stay fresh, recovery clears the flag', async () => {
  const { dc, store, item, sku } = stockedItem(0);
  const before = await stockAt(t.url, sku, store.plant);
  expect(before.stale).toBe(false);
  t.stack.simulators!.pos.setFaults({ down: true });
  try {
    await expect(t.stack.apps.pos.loadSnapshots()).rejects.toThrow(/POS/);
    const storeFigure = await stockAt(t.url, sku, store.plant);
    expect(storeFigure).toEqual({ ...before, stale: true });
    expect(storeFigure.onHand).toBe(expectedOnHand(t.world, store.plant, item));
    expect((await stockAt(t.url, sku, dc.plant)).stale).toBe(false);
    // the gateway's position cache learns of the outage from the health notice (or its next read of source health)
    const dtc = await waitFor(() => availability(t.url, sku, 'DTC'), (a) => a.stale === true, { what: 'the stale flag on the DTC figure' });
    expect(dtc).toMatchObject({ stale: true, availableToSell: expectedAvailability(t.world, item, DEFAULT_CHANNEL_POLICIES.DTC).availableToSell });
    // wholesale sells from DCs only: nothing behind its figure is down
    expect(await availability(t.url, sku, 'WHOLESALE', demoKey('order-management'))).toMatchObject({ stale: false });
  } finally {
    t.stack.simulators!.pos.setFaults({ down: false });
  }
  await t.stack.apps.pos.loadSnapshots();
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => !s.stale, { what: 'POS recovery' });
  expect(await waitFor(() => availability(t.url, sku, 'DTC'), (x) => !x.stale, { what: 'the DTC figure fresh' })).toMatchObject({ stale: false });
});

it('WMS down: DC figures turn stale until the next successful poll', async () => {
  const { dc, store, item, sku } = stockedItem(1);
  t.stack.simulators!.wms.setFaults({ down: true });
  try {
    await expect(t.stack.apps.wms.feed.poll()).rejects.toThrow(/WMS/);
    expect(await stockAt(t.url, sku, dc.plant)).toMatchObject({ stale: true, onHand: expectedOnHand(t.world, dc.plant, item) });
    expect((await waitFor(() => stockAt(t.url, sku, store.plant), (f) => !f.stale, { what: 'the store figure fresh' })).stale).toBe(false);
    expect(await waitFor(() => availability(t.url, sku, 'WHOLESALE', demoKey('order-management')), (a) => a.stale === true, { what: 'the stale flag on the WHOLESALE figure' })).toMatchObject({
      stale: true, availableToSell: expectedAvailability(t.world, item, DEFAULT_CHANNEL_POLICIES.WHOLESALE).availableToSell,
    });
  } finally {
    t.stack.simulators!.wms.setFaults({ down: false });
  }
  await t.stack.apps.wms.feed.poll();
  await waitFor(() => stockAt(t.url, sku, dc.plant), (s) => !s.stale, { what: 'WMS recovery' });
  expect(await waitFor(() => availability(t.url, sku, 'WHOLESALE', demoKey('order-management')), (x) => !x.stale, { what: 'the WHOLESALE figure fresh' })).toMatchObject({ stale: false });
});

it('ERP down: the batch fails, and the graph keeps answering open POs from the last batch', async () => {
  const store = t.world.locations.find((l) => l.type === 'STORE')!;
  const item = t.world.items.find((i) => expectedIncoming(t.world, i).length > 0)!;
  t.stack.simulators!.erp.setFaults({ down: true });
  try {
    await expect(t.stack.apps.erp.runBatch()).rejects.toThrow(/ERP/);
    const d: any = await gqlData(t.url, contractOperation('clienteling.graphql', 'ScanBarcode'),
      { system: 'ERP', code: item.matnr, storeId: store.plant }, demoKey('clienteling'));
    expect(d.skuByLocalCode.incoming.map((x: any) => x.quantity).sort()).toEqual(expectedIncoming(t.world, item).map((x) => x.quantity).sort());
    expect((await stockAt(t.url, d.skuByLocalCode.id, store.plant)).stale).toBe(false); // store stock does not come from the ERP
  } finally {
    t.stack.simulators!.erp.setFaults({ down: false });
  }
});
