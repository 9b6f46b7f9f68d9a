import { MemoryKeyValueStore } from '../../kv';
import { CatalogIndex, Registry } from '../Registry';
import type { RegistrySnapshot } from '../types';

const snapshot = (names: Record<string, string>, builtAt = 1): RegistrySnapshot => ({
  skus: Object.entries(names).map(([id, name]) => ({
    id, name, gtin: null, category: 'TOYS', packSize: 6, cost: 3.5,
    localCodes: [{ system: 'ERP', code: `E-${id}` }, { system: 'POS', code: `P-${id}` }],
  })),
  locations: [
    { id: 'STORE-1', name: 'Leeds', type: 'STORE', geo: { lat: 53.8, lng: -1.55 }, capabilities: ['PICKUP_IN_STORE'], dailyCapacity: 40, localCodes: [{ system: 'POS', code: '0001' }] },
    { id: 'DC-1', name: 'Daventry', type: 'DISTRIBUTION_CENTER', geo: { lat: 52.26, lng: -1.16 }, capabilities: ['SHIP_FROM_DC'], dailyCapacity: 100000, localCodes: [{ system: 'WMS', code: 'DV' }] },
  ],
  unmapped: [], conflicts: [], builtAt,
});

/** a registry written once, and an index that has read it (refreshing on every call) */
async function written(names: Record<string, string>): Promise<{ registry: Registry; index: CatalogIndex }> {
  const kv = new MemoryKeyValueStore();
  const registry = new Registry(kv);
  await registry.write(snapshot(names));
  const index = new CatalogIndex(kv, '', 0);
  await index.refresh();
  return { registry, index };
}

describe('CatalogIndex', () => {
  it('holds the SKU ids, names and locations the registry wrote, and nothing else of a SKU', async () => {
    const kv = new MemoryKeyValueStore();
    await new Registry(kv, 'p:').write(snapshot({ 'SKU-2': 'Bear', 'SKU-1': 'Kite' }, 42));
    const index = new CatalogIndex(kv, 'p:');
    expect(index.ready).toBe(false);
    await index.refresh();
    expect(index.ready).toBe(true);
    expect(index.sku('SKU-1')).toEqual({ id: 'SKU-1', name: 'Kite' });
    expect(index.sku('SKU-3')).toBeUndefined();
    expect(index.location('DC-1')?.name).toBe('Daventry');
    expect(index.allLocations().map((l) => l.id)).toEqual(['STORE-1', 'DC-1']);
    // what is stored for it is the index, not the document
    const stored = JSON.parse((await kv.get('p:registry:index'))!) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['locations', 'skus', 'version']);
  });

  it('follows a new catalogue once its version moves', async () => {
    const { registry, index } = await written({ 'SKU-1': 'Kite' });
    await registry.write(snapshot({ 'SKU-1': 'Red Kite', 'SKU-9': 'Yo-yo' }, 2));
    await index.refresh();
    expect(index.sku('SKU-1')?.name).toBe('Red Kite');
    expect(index.sku('SKU-9')).toEqual({ id: 'SKU-9', name: 'Yo-yo' });
  });

  it('hands out one locations array per catalogue (the gateway works out the feeding locations once per array)', async () => {
    const { registry, index } = await written({ 'SKU-1': 'Kite' });
    const first = index.allLocations();
    expect(index.allLocations()).toBe(first);
    await registry.write(snapshot({ 'SKU-1': 'Kite' }, 2));
    await index.refresh();
    expect(index.allLocations()).not.toBe(first);
    expect(index.allLocations()).toEqual(first);
  });

  it('reads a store written before the index existed from the document', async () => {
    const kv = new MemoryKeyValueStore();
    await new Registry(kv).write(snapshot({ 'SKU-1': 'Kite' }));
    await kv.del('registry:index');
    const index = new CatalogIndex(kv);
    await index.refresh();
    expect(index.sku('SKU-1')).toEqual({ id: 'SKU-1', name: 'Kite' });
    expect(index.location('STORE-1')?.type).toBe('STORE');
  });

  it('reads the document when the index is of another version (a writer that writes no index, mid-upgrade)', async () => {
    const kv = new MemoryKeyValueStore();
    await new Registry(kv).write(snapshot({ 'SKU-1': 'Kite' }));
    // an older writer: the document and the version, no index
    await kv.set('registry:doc', JSON.stringify(snapshot({ 'SKU-1': 'Red Kite' }, 2)));
    await kv.incr('registry:version');
    const index = new CatalogIndex(kv);
    await index.refresh();
    expect(index.sku('SKU-1')?.name).toBe('Red Kite');
  });

  it('is not ready while nothing is written', async () => {
    const index = new CatalogIndex(new MemoryKeyValueStore());
    await index.refresh();
    expect(index.ready).toBe(false);
    expect(index.sku('SKU-1')).toBeUndefined();
  });
});
