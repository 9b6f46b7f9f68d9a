import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { waitFor } from '@stockgraph/shared/testing';
import { expectFaultSwitch } from '../../common/__tests__/expectFaultSwitch';
import { generateWorld } from '../../generator/generateWorld';
import { PosSimulator, type PosTxn } from '../PosSimulator';
import { verifyPosSignature } from '../signature';

const world = generateWorld({});
const pos = new PosSimulator(world, { webhook: { baseDelayMs: 20, maxDelayMs: 100 } });
const SECRET = 'till-secret';

interface Received { body: string; signature: string | undefined; attempt: string | undefined }
const received: Received[] = [];
let failNext = 0;
const receiver = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-pos-signature'] as string, attempt: req.headers['x-pos-attempt'] as string });
    res.writeHead(failNext-- > 0 ? 500 : 204).end();
  });
});
let url = '';
let receiverUrl = '';

beforeAll(async () => {
  url = (await pos.start()).url;
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  await pos.close();
  receiver.closeAllConnections();
  await new Promise((r) => receiver.close(r));
});
beforeEach(async () => {
  pos.reset();
  await fetch(`${url}/pos/webhooks`, { method: 'DELETE' });
  received.length = 0;
  failNext = 0;
});

const store = world.locations.find((l) => l.type === 'STORE')!;
const csv = async (path: string) => parse(await (await fetch(url + path)).text(), { columns: true }) as Record<string, string>[];
const post = (path: string, body: unknown) => fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const until = <T>(probe: () => T | undefined | Promise<T | undefined>): Promise<T> =>
  waitFor(probe, (v): v is T => v !== undefined, { what: 'the webhook delivery' });

/** A ranged item with stock at the first store. */
function stockedItem(minQty = 1) {
  const qty = world.stock[store.plant]!;
  return world.items.find((i) => (qty[i.index] ?? -1) >= minQty)!;
}

describe('POS simulator', () => {
  it('lists stores and items as CSV, quoting text that needs it', async () => {
    const stores = await csv('/pos/stores');
    expect(stores).toHaveLength(world.locations.filter((l) => l.type === 'STORE').length);
    expect(stores[0]).toEqual({ store_no: store.posStoreNo, name: store.name, plant: store.plant, lat: store.lat.toFixed(4), lng: store.lng.toFixed(4) });
    const raw = await (await fetch(`${url}/pos/items`)).text();
    expect(raw.startsWith('barcode,plu,description,price\r\n')).toBe(true);
    const items = parse(raw, { columns: true }) as Record<string, string>[];
    const strays = world.unmapped.filter((u) => u.system === 'POS');
    expect(items.map((i) => i['description'])).toEqual([...world.items.map((i) => i.description), ...strays.map((u) => u.description)]);
    expect(items.some((i) => /[",]/.test(i['description']!))).toBe(true);
    const loose = world.items.find((i) => i.plu)!;
    expect(items[loose.index]).toEqual({ barcode: loose.gtin, plu: loose.plu, description: loose.description, price: loose.price.toFixed(2) });
  });

  it('reports store stock as the world figure', async () => {
    const rows = await csv(`/pos/stores/${store.posStoreNo}/stock.csv`);
    const qty = world.stock[store.plant]!;
    const byBarcode = new Map(rows.map((r) => [r['barcode'], Number(r['on_hand'])]));
    for (const item of world.items) expect(byBarcode.get(item.gtin) ?? -1).toBe(qty[item.index]);
    expect(rows[0]!['updated_at']).toBe(world.asOf);
    expect((await fetch(`${url}/pos/stores/9999/stock.csv`)).status).toBe(404);
  });

  it('rings a sale: stock goes down and the webhook is signed', async () => {
    expect((await post('/pos/webhooks', { url: receiverUrl, secret: SECRET })).status).toBe(201);
    const item = stockedItem(2);
    const res = await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [{ barcode: item.gtin, qty: 2 }] });
    expect(res.status).toBe(201);
    const { txn_id } = (await res.json()) as { txn_id: string };
    expect(txn_id).toMatch(new RegExp(`^${store.posStoreNo}-\\d{8}-\\d{6}$`));
    const got = await until(() => received[0]);
    expect(verifyPosSignature(SECRET, got.body, got.signature)).toBe(true);
    expect(verifyPosSignature('other', got.body, got.signature)).toBe(false);
    const txn = JSON.parse(got.body) as PosTxn;
    expect(txn).toEqual({
      txn_id, store_no: store.posStoreNo, type: 'SALE', ts: expect.stringMatching(/Z$/),
      lines: [{ line: 1, barcode: item.gtin, plu: item.plu, qty: 2, price: item.price.toFixed(2) }], order_ref: null,
    });
    const rows = await csv(`/pos/stores/${store.posStoreNo}/stock.csv`);
    const row = rows.find((r) => r['barcode'] === item.gtin)!;
    expect(Number(row['on_hand'])).toBe(world.stock[store.plant]![item.index]! - 2);
    expect(row['updated_at']).not.toBe(world.asOf);
  });

  it('retries a failed delivery, so the receiver sees the transaction twice', async () => {
    await post('/pos/webhooks', { url: receiverUrl, secret: SECRET });
    failNext = 1;
    const item = stockedItem();
    await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [{ barcode: item.gtin, qty: 1 }] });
    await until(() => (received.length >= 2 ? true : undefined));
    expect(received[1]!.body).toBe(received[0]!.body);
    expect([received[0]!.attempt, received[1]!.attempt]).toEqual(['1', '2']);
    expect(verifyPosSignature(SECRET, received[1]!.body, received[1]!.signature)).toBe(true);
    const stats = await (await fetch(`${url}/admin/webhooks`)).json();
    expect(stats).toMatchObject({ receivers: 1, published: 1, delivered: 1, retries: 1, failed: 0 });
  });

  it('never holds the till for a dead receiver', async () => {
    await post('/pos/webhooks', { url: 'http://127.0.0.1:1/dead', secret: SECRET });
    const item = stockedItem();
    const res = await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [{ barcode: item.gtin, qty: 1 }] });
    expect(res.status).toBe(201);
    const stats = await until(async () => {
      const s = (await (await fetch(`${url}/admin/webhooks`)).json()) as { retries: number; delivered: number };
      return s.retries > 0 ? s : undefined;
    });
    expect(stats.delivered).toBe(0);
  });

  it('rings returns with an order ref and sells loose goods by PLU', async () => {
    await post('/pos/webhooks', { url: receiverUrl, secret: SECRET });
    const item = stockedItem();
    expect((await post(`/pos/stores/${store.posStoreNo}/returns`, { lines: [{ barcode: item.gtin, qty: 1 }], order_ref: 'OMS-000001' })).status).toBe(201);
    const loose = world.items.find((i) => i.plu)!;
    expect((await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [{ plu: loose.plu, qty: 1 }] })).status).toBe(201);
    await until(() => (received.length >= 2 ? true : undefined));
    const [ret, sale] = received.map((r) => JSON.parse(r.body) as PosTxn);
    expect(ret).toMatchObject({ type: 'RETURN', order_ref: 'OMS-000001', lines: [{ barcode: item.gtin, qty: 1 }] });
    expect(sale).toMatchObject({ type: 'SALE', lines: [{ barcode: loose.gtin, plu: loose.plu }] });
    const rows = await csv(`/pos/stores/${store.posStoreNo}/stock.csv`);
    expect(Number(rows.find((r) => r['barcode'] === item.gtin)!['on_hand'])).toBe(world.stock[store.plant]![item.index]! + 1);
  });

  it('answers a count request with a COUNT transaction', async () => {
    await post('/pos/webhooks', { url: receiverUrl, secret: SECRET });
    const item = stockedItem();
    const res = await post(`/pos/stores/${store.posStoreNo}/counts`, { barcode: item.gtin, ref: 'DISC-1' });
    expect(res.status).toBe(202);
    const got = await until(() => received[0]);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'COUNT', ref: 'DISC-1', store_no: store.posStoreNo, lines: [{ barcode: item.gtin, qty: world.stock[store.plant]![item.index] }] });
  });

  it('refuses unknown items, stores and malformed bodies', async () => {
    expect((await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [{ barcode: '0000000000000', qty: 1 }] })).status).toBe(422);
    expect((await post('/pos/stores/9999/sales', { lines: [{ barcode: world.items[0]!.gtin, qty: 1 }] })).status).toBe(404);
    expect((await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [] })).status).toBe(400);
    expect((await post(`/pos/stores/${store.posStoreNo}/sales`, { lines: [{ barcode: world.items[0]!.gtin, qty: -1 }] })).status).toBe(400);
    const bad = await fetch(`${url}/pos/webhooks`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    expect((await post('/pos/webhooks', { url: 'ftp://x', secret: 's' })).status).toBe(400);
  });

  it('generates traffic until told to stop', async () => {
    const put = (rate: number) => fetch(`${url}/admin/traffic`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ salesPerSecond: rate }) });
    expect((await put(100)).status).toBe(200);
    const status = await until(async () => {
      const s = (await (await fetch(`${url}/admin/traffic`)).json()) as { rung: number };
      return s.rung > 0 ? s : undefined;
    });
    expect(status.rung).toBeGreaterThan(0);
    expect(await (await put(0)).json()).toMatchObject({ salesPerSecond: 0 });
  });

  it('honours the fault switch', async () => {
    await expectFaultSwitch(pos, '/pos/stores');
  });
});
