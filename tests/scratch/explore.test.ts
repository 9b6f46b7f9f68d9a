import { startTestStack, demoKey, type TestStack } from '../support/startTestStack';
import { gql } from '../support/gql';
import { contractOperation } from '../support/contract';

let t: TestStack;
beforeAll(async () => { const s = Date.now(); t = await startTestStack('explore', 'memory'); console.log('start ms', Date.now() - s); });
afterAll(async () => { await t?.close(); });

it('explores', async () => {
  const w = t.world;
  console.log(JSON.stringify({ items: w.items.length, locs: w.locations.length, anomalies: w.anomalies, item0: w.items[0], loc0: w.locations[0], loc5: w.locations[5], po0: w.purchaseOrders[0] }, null, 1).slice(0, 4000));
  const cat = await gql(t.url, contractOperation('clienteling.graphql', 'Catalog'), { first: 3 }, demoKey('clienteling'));
  console.log(JSON.stringify(cat, null, 1).slice(0, 3000));
  const sku = t.stack.platform.registry.skuIds()[0];
  const av = await gql(t.url, contractOperation('storefront.graphql', 'ProductAvailability'), { skus: [sku], channel: 'DTC', near: { lat: 52.2, lng: -1.1 }, radiusKm: 80 });
  console.log(JSON.stringify(av, null, 1).slice(0, 3000));
  const scan = await gql(t.url, contractOperation('clienteling.graphql', 'ScanBarcode'), { system: 'ERP', code: w.items[0].matnr.replace(/^0+/, ''), storeId: 'S001', near: { lat: 52.2, lng: -1.1 } }, demoKey('clienteling'));
  console.log(JSON.stringify(scan, null, 1).slice(0, 3000));
  const disc = await gql(t.url, contractOperation('operations.graphql', 'Discrepancies'), { first: 50 }, demoKey('order-management'));
  console.log(JSON.stringify(disc, null, 1).slice(0, 3000));
  const um = await gql(t.url, '{ unmappedCodes { system code description } codeConflicts { system code skus { id } } }', {}, demoKey('clienteling'));
  console.log(JSON.stringify(um, null, 1).slice(0, 3000));
});
