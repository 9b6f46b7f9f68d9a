import nock from 'nock';
import { PosClient, type PosClientOptions } from '../PosClient';
import { failure, takeUnusedMocks, useNock } from '@stockgraph/shared/testing';

const BASE = 'http://pos.internal.example:4303';
const LEAK = '{"debug":"POS host 10.1.2.3 stack …"}';

const client = (o: Partial<PosClientOptions> = {}) => new PosClient({ baseUrl: BASE, timeoutMs: 500, retries: 1, backoffMs: 1, ...o });

useNock();

describe('PosClient reads', () => {
  it('reads stores from CSV, quoted text included', async () => {
    const scope = nock(BASE).get('/pos/stores').reply(200, 'store_no,name,plant,lat,lng\r\n0001,"York, Coppergate",S001,53.9590,-1.0815\r\n0002,Leeds,S002,53.8,-1.55\r\n');
    expect(await client().listStores()).toEqual([
      { storeNo: '0001', name: 'York, Coppergate', plant: 'S001', lat: 53.959, lng: -1.0815 },
      { storeNo: '0002', name: 'Leeds', plant: 'S002', lat: 53.8, lng: -1.55 },
    ]);
    scope.done();
  });

  it('reads items with an empty PLU as null', async () => {
    const scope = nock(BASE).get('/pos/items').reply(200, 'barcode,plu,description,price\n5012345000017,,Linen Shirt,29.99\n5012345000024,4011,Bananas,0.20\n');
    expect(await client().listItems()).toEqual([
      { barcode: '5012345000017', plu: null, description: 'Linen Shirt', price: 29.99 },
      { barcode: '5012345000024', plu: '4011', description: 'Bananas', price: 0.2 },
    ]);
    scope.done();
  });

  it('reads the stock of one store', async () => {
    const scope = nock(BASE).get('/pos/stores/0001/stock.csv').reply(200, 'barcode,plu,on_hand,updated_at\n5012345000017,,12,2026-11-26T14:00:00.000Z\n5012345000024,4011,-2,2026-11-26T15:30:00Z\n');
    expect(await client().storeStock('0001')).toEqual([
      { barcode: '5012345000017', plu: null, onHand: 12, at: Date.UTC(2026, 10, 26, 14) },
      { barcode: '5012345000024', plu: '4011', onHand: -2, at: Date.UTC(2026, 10, 26, 15, 30) },
    ]);
    scope.done();
  });

  it.each([
    ['a non-numeric figure', 'barcode,plu,on_hand,updated_at\n5012345000017,,12x,2026-11-26T14:00:00Z\n', 'row 1 on_hand'],
    ['a missing column', 'barcode,plu,updated_at\n5012345000017,,2026-11-26T14:00:00Z\n', 'on_hand'],
    ['a broken row', 'barcode,plu,on_hand,updated_at\n5012345000017,,12,2026-11-26T14:00:00Z,10.1.2.3\n', 'CSV_RECORD_INCONSISTENT_COLUMNS'],
    ['a bad timestamp', 'barcode,plu,on_hand,updated_at\n5012345000017,,12,yesterday\n', 'updated_at'],
  ])('refuses stock CSV with %s', async (_what, csv, hint) => {
    const scope = nock(BASE).get('/pos/stores/0001/stock.csv').reply(200, csv);
    const err = await failure(client().storeStock('0001'));
    expect(err.kind).toBe('format');
    expect(err.message).toContain(hint);
    expect(err.message).not.toContain('10.1.2.3');
    scope.done();
  });

  it('never puts anything but a 4-digit store number into a path', async () => {
    await expect(client().storeStock('../admin')).rejects.toThrow(RangeError);
    await expect(client().ringSale('0001/../x', [{ barcode: '5012345000017', qty: 1 }])).rejects.toThrow(RangeError);
  });

  it('retries a failing GET, then reports the 500 without host or body', async () => {
    const scope = nock(BASE).get('/pos/items').times(2).reply(500, LEAK);
    const err = await failure(client().listItems());
    expect(err).toMatchObject({ kind: 'status', status: 500 });
    for (const leak of ['pos.internal', '10.1.2.3', 'debug']) expect(err.message).not.toContain(leak);
    scope.done();
  });

  it('times out a slow answer', async () => {
    const scope = nock(BASE).get('/pos/stores').delay(1000).reply(200, 'store_no,name,plant,lat,lng\n');
    expect((await failure(client({ timeoutMs: 30, retries: 0 }).listStores())).kind).toBe('timeout');
    scope.done();
  });

  it('opens the breaker after consecutive failures', async () => {
    const pos = client({ retries: 0, breaker: { kind: 'consecutive', threshold: 2 } });
    const scope = nock(BASE).get('/pos/stores').times(2).reply(502, LEAK);
    await failure(pos.listStores());
    await failure(pos.listStores());
    scope.done();
    nock(BASE).get('/pos/stores').reply(200, 'store_no,name,plant,lat,lng\n');
    expect((await failure(pos.listStores())).kind).toBe('unavailable');
    // the request the open breaker kept from going out
    expect(takeUnusedMocks()).toEqual([`GET ${BASE}/pos/stores`]);
    expect(pos.health()).toBe('down');
  });
});

describe('PosClient till operations', () => {
  it('rings a sale and a return', async () => {
    const scope = nock(BASE)
      .post('/pos/stores/0001/sales', { lines: [{ barcode: '5012345000017', qty: 2 }] })
      .reply(201, { txn_id: '0001-20261126-000123' })
      .post('/pos/stores/0001/returns', { lines: [{ barcode: '5012345000017', qty: 1 }], order_ref: 'OMS-000001' })
      .reply(201, { txn_id: '0001-20261126-000124' });
    const pos = client();
    await expect(pos.ringSale('0001', [{ barcode: '5012345000017', qty: 2 }])).resolves.toEqual({ txnId: '0001-20261126-000123' });
    await expect(pos.ringReturn('0001', [{ barcode: '5012345000017', qty: 1 }], 'OMS-000001')).resolves.toEqual({ txnId: '0001-20261126-000124' });
    scope.done();
  });

  it('never retries a sale (it has no idempotency key)', async () => {
    nock(BASE).post('/pos/stores/0001/sales').reply(503, LEAK).post('/pos/stores/0001/sales').reply(201, { txn_id: 'x' });
    const err = await failure(client({ retries: 3 }).ringSale('0001', [{ barcode: '5012345000017', qty: 1 }]));
    expect(err.status).toBe(503);
    expect(takeUnusedMocks()).toEqual([`POST ${BASE}/pos/stores/0001/sales`]);
  });

  it('refuses a sale of zero', async () => {
    await expect(client().ringSale('0001', [{ barcode: '5012345000017', qty: 0 }])).rejects.toThrow(RangeError);
  });

  it('requests a count and manages webhooks', async () => {
    const scope = nock(BASE)
      .post('/pos/stores/0002/counts', { barcode: '5012345000017', ref: 'DISC-1' }).reply(202)
      .post('/pos/webhooks', { url: 'http://127.0.0.1:5000/pos', secret: 's3cret' }).reply(201)
      .delete('/pos/webhooks').reply(204);
    const pos = client();
    await pos.requestCount('0002', '5012345000017', 'DISC-1');
    await pos.registerWebhook('http://127.0.0.1:5000/pos', 's3cret');
    await pos.clearWebhooks();
    scope.done();
  });
});

describe('PosClient transfers', () => {
  it('books a transfer at a store as JSON with barcodes, retried under its idempotency key', async () => {
    const body = { transfer_ref: 'TR-1', direction: 'IN', other_plant: 'D001', lines: [{ barcode: '5012345000017', qty: 4 }] };
    const scope = nock(BASE)
      .post('/pos/stores/0002/transfers', body).matchHeader('idempotency-key', 'TR-1:IN:0002').reply(502, LEAK)
      .post('/pos/stores/0002/transfers', body).matchHeader('idempotency-key', 'TR-1:IN:0002').reply(201, { txn_id: '0002-TR-000001' });
    await expect(client().bookTransfer('0002', { ref: 'TR-1', direction: 'IN', otherPlant: 'D001', lines: [{ barcode: '5012345000017', qty: 4 }] }))
      .resolves.toEqual({ txnId: '0002-TR-000001' });
    scope.done();
    await expect(client().bookTransfer('../x', { ref: 'TR-1', direction: 'IN', otherPlant: 'D001', lines: [{ barcode: '5012345000017', qty: 1 }] })).rejects.toThrow(RangeError);
    expect(takeUnusedMocks()).toEqual([]);
  });
});
