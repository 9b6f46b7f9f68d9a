/**
 * The ERP batch runs periodically in the stack (erpBatchMs). Each run refreshes open purchase
 * orders into incoming supply (a PO that closed drops out) and compares the ERP's nightly stock
 * with the ledger: the day's till sales since the batch time are no disagreement, the seeded
 * ERP/WMS ones stay. Embedded store.
 */
import { catalogSkuIds } from '../support/catalogSkuIds';
import { expectedIncoming, expectedOnHand } from '../support/expected';
import { gqlData } from '../support/gql';
import { stockAt } from '../support/stockQueries';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';
import { waitFor } from '../support/waitFor';

let t: TestStack;
let skuOf: Map<string, string>;

beforeAll(async () => {
  t = await startTestStack('erp-batch', 'memory', { ...QUIET_OMS, erpBatchMs: 100 });
  skuOf = await catalogSkuIds(t.url, demoKey('clienteling'));
});
afterAll(async () => t?.close());

/** Resolves once a batch that started after now has completed. */
async function nextBatch(): Promise<void> {
  const after = Date.now();
  await waitFor(async () => t.stack.apps.erp.lastBatch, (b) => b !== null && b.startedAt > after, { what: 'the next ERP batch' });
}

const discrepancyKeys = async () => ((await gqlData(t.url, '{ stockDiscrepancies(first: 100) { sku { id } location { id } } }', {}, demoKey('order-management'))) as any)
  .stockDiscrepancies.map((d: any) => `${d.sku.id}@${d.location.id}`).sort();
const seeded = () => t.world.anomalies.disagreements.map((d) => `${skuOf.get(d.matnr)}@${d.plant}`).sort();

it('runs again and again on its own', async () => {
  await nextBatch();
  await nextBatch();
  expect(t.stack.simulators!.erp.calls.snapshot().paths['/api/v1/purchase-orders']).toBeGreaterThanOrEqual(3);
});

it('a till sale since the ERP\'s batch time is no disagreement; the seeded ones stay', async () => {
  const store = t.world.locations.find((l) => l.type === 'STORE')!;
  const item = t.world.items.find((i) => (expectedOnHand(t.world, store.plant, i) ?? 0) >= 2)!;
  const sku = skuOf.get(item.matnr)!;
  const onHand = expectedOnHand(t.world, store.plant, item)!;
  expect(await discrepancyKeys()).toEqual(seeded());
  await t.stack.clients.pos.ringSale(store.posStoreNo!, [{ barcode: item.gtin, qty: 2 }]);
  await waitFor(() => stockAt(t.url, sku, store.plant), (s) => s.onHand === onHand - 2, { what: 'the sale' });
  await nextBatch();
  expect(await discrepancyKeys()).toEqual(seeded());
});

it('incoming follows the open purchase orders: a PO that closes drops out at the next batch', async () => {
  // a PO line that is the only open supply of its SKU at its plant
  const open = t.world.purchaseOrders.filter((po) => po.status === 'open');
  const po = open.find((p) => p.lines.every((l) => l.qty > l.received
    && open.filter((o) => o.plant === p.plant && o.lines.some((x) => x.matnr === l.matnr)).length === 1))!;
  const line = po.lines[0];
  const item = t.world.items.find((i) => i.matnr === line.matnr)!;
  const sku = skuOf.get(item.matnr)!;
  expect((await stockAt(t.url, sku, po.plant)).incoming).toBe(line.qty - line.received);
  const scan = `query($code: String!, $store: ID!) { skuByLocalCode(system: ERP, code: $code) { incoming { quantity } stockAt(locationId: $store) { onHand } } }`;
  const before: any = await gqlData(t.url, scan, { code: item.matnr, store: po.plant }, demoKey('clienteling'));
  expect(before.skuByLocalCode.incoming).toHaveLength(expectedIncoming(t.world, item).length);

  po.status = 'closed'; // the ERP closes the PO (the simulator reads its world on every call)
  try {
    await nextBatch();
    expect((await stockAt(t.url, sku, po.plant)).incoming).toBe(0);
    const after: any = await gqlData(t.url, scan, { code: item.matnr, store: po.plant }, demoKey('clienteling'));
    expect(after.skuByLocalCode.incoming).toHaveLength(expectedIncoming(t.world, item).length);
    expect(after.skuByLocalCode.incoming.length).toBe(before.skuByLocalCode.incoming.length - 1);
  } finally {
    po.status = 'open';
  }
});
