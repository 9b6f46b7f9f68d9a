import { buildRegistry, globalSkuId } from '../buildRegistry';
import type { CatalogInputs } from '../catalogTypes';

const base: CatalogInputs = {
  erpMaterials: [
    { materialNumber: '000000000010000001', eans: ['5000000000011'], name: 'Shirt S', category: 'APPAREL' },
    { materialNumber: '000000000010000002', eans: ['5000000000028', '5000000000099'], name: 'Shirt M', category: 'APPAREL' },
    { materialNumber: '000000000010000003', eans: ['5000000000099'], name: 'Mug', category: 'HOME' },
  ],
  erpPlants: [
    { plant: 'D001', name: 'Daventry DC', type: 'DISTRIBUTION_CENTER', lat: 52.25, lng: -1.16, shipFromStore: false, clickAndCollect: false, dailyCapacity: 0 },
    { plant: 'S001', name: 'Leeds', type: 'STORE', lat: 53.8, lng: -1.55, shipFromStore: true, clickAndCollect: true, dailyCapacity: 40 },
  ],
  wmsArticles: [
    { articleNo: 'WA100001', hostRef: '000000000010000001', description: null, packSize: 12 },
    { articleNo: 'WA999999', hostRef: '000000000099999999', description: 'ghost', packSize: 6 },
  ],
  wmsSites: [{ siteId: 'DC1', hostPlant: 'D001' }],
  posItems: [
    { barcode: '5000000000011', plu: '4011', description: null },
    { barcode: '5000000000099', plu: null, description: 'reused' },
    { barcode: '5999999999990', plu: null, description: 'unknown' },
  ],
  posStores: [{ storeNo: '0001', plant: 'S001' }],
  omsProducts: [{ sku: 'WEB-shirt-m', gtin: '5000000000028', title: null }],
  omsNodes: [{ nodeId: 'N-D001' }, { nodeId: 'N-S001' }],
};

describe('buildRegistry', () => {
  const reg = buildRegistry(base, 1000);
  const sku = (id: string) => reg.skus.find((s) => s.id === id)!;

  it('makes one global SKU per ERP material, without the zero padding', () => {
    expect(globalSkuId('000000000010000001')).toBe('SKU-10000001');
    expect(reg.skus.map((s) => s.id)).toEqual(['SKU-10000001', 'SKU-10000002', 'SKU-10000003']);
  });

  it('joins WMS articles by host ref, POS barcodes and PLUs and OMS products by EAN', () => {
    expect(sku('SKU-10000001').localCodes).toEqual([
      { system: 'ERP', code: '000000000010000001' },
      { system: 'WMS', code: 'WA100001' },
      { system: 'POS', code: '5000000000011' },
      { system: 'POS', code: '4011' },
    ]);
    expect(sku('SKU-10000001').packSize).toBe(12);
    expect(sku('SKU-10000002').localCodes).toContainEqual({ system: 'OMS', code: 'WEB-shirt-m' });
  });

  it('reports codes that reach no material as unmapped, and codes claimed twice as conflicts', () => {
    expect(reg.unmapped.map((u) => `${u.system}:${u.code}`).sort()).toEqual(['POS:5999999999990', 'WMS:WA999999']);
    expect(reg.conflicts).toEqual([{ system: 'POS', code: '5000000000099', skuIds: ['SKU-10000002', 'SKU-10000003'] }]);
    // the ambiguous barcode is on neither SKU: scanning it must not pick one at random
    expect(reg.skus.flatMap((s) => s.localCodes).some((c) => c.code === '5000000000099')).toBe(false);
  });

  it('builds locations from ERP plants with their codes in every system and capabilities', () => {
    expect(reg.locations).toEqual([
      expect.objectContaining({ id: 'D001', type: 'DISTRIBUTION_CENTER', capabilities: expect.arrayContaining(['SHIP_FROM_DC']),
        localCodes: [{ system: 'ERP', code: 'D001' }, { system: 'WMS', code: 'DC1' }, { system: 'OMS', code: 'N-D001' }] }),
      expect.objectContaining({ id: 'S001', type: 'STORE', dailyCapacity: 40,
        capabilities: ['SHIP_FROM_STORE', 'PICKUP_IN_STORE', 'RETURNS', 'TRANSFER'],
        localCodes: [{ system: 'ERP', code: 'S001' }, { system: 'POS', code: '0001' }, { system: 'OMS', code: 'N-S001' }] }),
    ]);
  });
});
