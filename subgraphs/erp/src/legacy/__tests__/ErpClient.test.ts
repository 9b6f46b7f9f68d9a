import nock from 'nock';
import { ErpClient, type ErpClientOptions } from '../ErpClient';
import { failure, takeUnusedMocks, useNock } from '@stockgraph/shared/testing';

const BASE = 'http://erp.internal.example:4301';
const LEAK = '{"debug":"ERP host 10.1.2.3 stack …"}';

const client = (o: Partial<ErpClientOptions> = {}) => new ErpClient({ baseUrl: BASE, timeoutMs: 500, retries: 1, backoffMs: 1, ...o });

function material(n: number, extra: Record<string, unknown> = {}) {
  return {
    matnr: `0000000000100000${String(n).padStart(2, '0')}`,
    maktx: `Linen Shirt ${n}`,
    matkl: 'APPAREL',
    meins: 'EA',
    eans: [`50123450000${String(n).padStart(2, '0')}`],
    stprs: '12.40',
    vkp: '29.99',
    waers: 'GBP',
    lifnr: '0000100003',
    plifz: 14,
    plifzSd: 3,
    aedat: '20261101',
    ...extra,
  };
}

useNock();

describe('ErpClient', () => {
  it('follows material pages to the end and normalizes each record', async () => {
    const scope = nock(BASE)
      .get('/api/v1/materials').query({ page: '1', size: '2', changedSince: '20261101' })
      .reply(200, { pg: 1, sz: 2, tot: 3, d: [material(1), material(2)] })
      .get('/api/v1/materials').query({ page: '2', size: '2', changedSince: '20261101' })
      .reply(200, { pg: 2, sz: 2, tot: 3, d: [material(3, { eans: [], stprs: '0.5', vkp: '1', plifzSd: '2.5' })] });
    const all = await client().allMaterials({ pageSize: 2, changedSince: Date.UTC(2026, 10, 1, 15) });
    expect(all.map((m) => m.materialNumber)).toEqual(['000000000010000001', '000000000010000002', '000000000010000003']);
    expect(all[0]).toEqual({
      materialNumber: '000000000010000001',
      eans: ['5012345000001'],
      name: 'Linen Shirt 1',
      category: 'APPAREL',
      cost: 12.4,
      price: 29.99,
      currency: 'GBP',
      supplierId: '0000100003',
      leadTimeDays: 14,
      leadTimeSdDays: 3,
      changedAt: Date.UTC(2026, 10, 1),
    });
    expect(all[2]).toMatchObject({ eans: [], cost: 0.5, price: 1, leadTimeSdDays: 2.5 });
    scope.done();
  });

  it('refuses a material whose price is not a decimal', async () => {
    const scope = nock(BASE).get('/api/v1/materials').query(true).reply(200, { pg: 1, tot: 1, d: [material(1, { vkp: '29,99' })] });
    const err = await failure(client().allMaterials());
    expect(err.kind).toBe('format');
    expect(err.message).toContain('vkp');
    scope.done();
  });

  it('maps plants to locations', async () => {
    const scope = nock(BASE).get('/api/v1/plants').reply(200, {
      d: [
        { werks: 'D001', name1: 'Daventry DC', typ: 'DC', ort01: 'Daventry', lat: '52.2565', lon: '-1.1630', sfs: '', cnc: '', cap: 0 },
        { werks: 'S001', name1: 'York', typ: 'ST', ort01: 'York', lat: '53.9590', lon: '-1.0815', sfs: 'X', cnc: 'X', cap: 40 },
      ],
    });
    const plants = await client().listPlants();
    expect(plants).toEqual([
      { plant: 'D001', name: 'Daventry DC', type: 'DISTRIBUTION_CENTER', city: 'Daventry', lat: 52.2565, lng: -1.163, shipFromStore: false, clickAndCollect: false, dailyCapacity: 0 },
      { plant: 'S001', name: 'York', type: 'STORE', city: 'York', lat: 53.959, lng: -1.0815, shipFromStore: true, clickAndCollect: true, dailyCapacity: 40 },
    ]);
    scope.done();
  });

  it('reads vendors with their return-to-vendor terms', async () => {
    const scope = nock(BASE).get('/api/v1/vendors').reply(200, {
      d: [
        { lifnr: '0000100003', name1: 'Acme', land1: 'GB', rtv: 'X', rtvPct: '80', trust: '0.85', minbm: 48 },
        { lifnr: '0000100004', name1: 'Bolt', land1: 'DE', rtv: '', rtvPct: '' },
      ],
    });
    expect(await client().listVendors()).toEqual([
      { supplierId: '0000100003', name: 'Acme', country: 'GB', acceptsReturns: true, returnCreditPct: 80, trust: 0.85, minimumOrderUnits: 48 },
      // an ERP that does not send trust or a minimum order: unknown trust, no minimum
      { supplierId: '0000100004', name: 'Bolt', country: 'DE', acceptsReturns: false, returnCreditPct: 0, trust: null, minimumOrderUnits: 0 },
    ]);
    scope.done();
  });

  it('reads a paged stock snapshot in integer eaches', async () => {
    const row = (n: number, labst: string) => ({ matnr: material(n).matnr, labst, meins: 'EA' });
    const scope = nock(BASE)
      .get('/api/v1/stock').query({ werks: 'D001', page: '1', size: '500' })
      .reply(200, { werks: 'D001', ts: '20261126T020000', pg: 1, tot: 2, d: [row(1, '120.000')] })
      .get('/api/v1/stock').query({ werks: 'D001', page: '2', size: '500' })
      .reply(200, { werks: 'D001', ts: '20261126T020000', pg: 2, tot: 2, d: [row(2, '0.000')] });
    const snap = await client().stockSnapshot('D001');
    expect(snap).toEqual({
      plant: 'D001',
      at: Date.UTC(2026, 10, 26, 2, 0, 0),
      lines: [
        { materialNumber: '000000000010000001', onHand: 120 },
        { materialNumber: '000000000010000002', onHand: 0 },
      ],
    });
    scope.done();
  });

  it.each([['12O.000'], ['1.500'], ['-3.000'], [''], ['NaN']])('refuses stock quantity %p with a format error', async (labst) => {
    const scope = nock(BASE)
      .get('/api/v1/stock').query(true)
      .reply(200, { werks: 'D001', ts: '20261126T020000', pg: 1, tot: 1, d: [{ matnr: material(1).matnr, labst, meins: 'EA' }] });
    const err = await failure(client().stockSnapshot('D001'));
    expect(err).toMatchObject({ system: 'ERP', kind: 'format' });
    expect(err.message).not.toContain(labst || '\u0000');
    scope.done();
  });

  it('refuses stock in a unit other than eaches', async () => {
    const scope = nock(BASE)
      .get('/api/v1/stock').query(true)
      .reply(200, { werks: 'D001', ts: '20261126T020000', pg: 1, tot: 1, d: [{ matnr: material(1).matnr, labst: '2.000', meins: 'KG' }] });
    expect((await failure(client().stockSnapshot('D001'))).kind).toBe('format');
    scope.done();
  });

  it('reads open purchase orders with open quantity and expected date', async () => {
    const scope = nock(BASE)
      .get('/api/v1/purchase-orders').query({ status: 'open', page: '1', size: '100' })
      .reply(200, {
        pg: 1,
        tot: 1,
        d: [{
          ebeln: '4500000001', lifnr: '0000100003', werks: 'D001', bedat: '20261120',
          items: [
            { ebelp: '00010', matnr: material(1).matnr, menge: '48.000', meins: 'EA', eindt: '20261205', wemng: '12.000' },
            { ebelp: '00020', matnr: material(2).matnr, menge: '10.000', meins: 'EA', eindt: '20261206', wemng: '11.000' },
          ],
        }],
      });
    const [po] = await client().listOpenPurchaseOrders();
    expect(po).toEqual({
      poNumber: '4500000001',
      supplierId: '0000100003',
      plant: 'D001',
      orderedAt: Date.UTC(2026, 10, 20),
      lines: [
        { item: '00010', materialNumber: material(1).matnr, orderedQuantity: 48, receivedQuantity: 12, openQuantity: 36, expectedAt: Date.UTC(2026, 11, 5), receivedAt: null },
        { item: '00020', materialNumber: material(2).matnr, orderedQuantity: 10, receivedQuantity: 11, openQuantity: 0, expectedAt: Date.UTC(2026, 11, 6), receivedAt: null },
      ],
    });
    scope.done();
  });

  it('reads received purchase orders with their goods-receipt dates', async () => {
    const scope = nock(BASE)
      .get('/api/v1/purchase-orders').query({ status: 'closed', page: '1', size: '100' })
      .reply(200, {
        pg: 1,
        tot: 1,
        d: [{
          ebeln: '4500000002', lifnr: '0000100003', werks: 'D001', bedat: '20261001',
          items: [{ ebelp: '00010', matnr: material(1).matnr, menge: '24.000', meins: 'EA', eindt: '20261011', wemng: '24.000', budat: '20261013' }],
        }],
      });
    const [po] = await client().listClosedPurchaseOrders();
    expect(po.lines[0]).toMatchObject({ openQuantity: 0, receivedQuantity: 24, receivedAt: Date.UTC(2026, 9, 13) });
    scope.done();
  });

  it('refuses an impossible calendar date', async () => {
    const scope = nock(BASE).get('/api/v1/materials').query(true).reply(200, { pg: 1, tot: 1, d: [material(1, { aedat: '20261131' })] });
    expect((await failure(client().allMaterials())).kind).toBe('format');
    scope.done();
  });

  it('retries a failed read, then reports a 500 without host or body', async () => {
    const scope = nock(BASE).get('/api/v1/vendors').times(2).reply(500, LEAK);
    const err = await failure(client().listVendors());
    expect(err).toMatchObject({ kind: 'status', status: 500 });
    for (const leak of ['erp.internal', '10.1.2.3', 'debug', 'stack']) expect(err.message).not.toContain(leak);
    scope.done();
  });

  it('times out a slow answer', async () => {
    const scope = nock(BASE).get('/api/v1/plants').delay(1000).reply(200, { d: [] });
    expect((await failure(client({ timeoutMs: 30, retries: 0 }).listPlants())).kind).toBe('timeout');
    scope.done();
  });

  it('opens the breaker after consecutive failures and then fails without calling', async () => {
    const erp = client({ retries: 0, breaker: { kind: 'consecutive', threshold: 2 } });
    const states: string[] = [];
    erp.onStateChange((s) => states.push(s));
    const failing = nock(BASE).get('/api/v1/plants').times(2).reply(503, LEAK);
    await failure(erp.listPlants());
    await failure(erp.listPlants());
    failing.done();
    nock(BASE).get('/api/v1/plants').reply(200, { d: [] });
    expect((await failure(erp.listPlants())).kind).toBe('unavailable');
    // the request the open breaker kept from going out
    expect(takeUnusedMocks()).toEqual([`GET ${BASE}/api/v1/plants`]);
    expect(erp.health()).toBe('down');
    expect(states).toEqual(['down']);
  });
});
