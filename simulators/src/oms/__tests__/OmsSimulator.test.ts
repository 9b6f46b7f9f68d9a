import { expectFaultSwitch } from '../../common/__tests__/expectFaultSwitch';
import { generateWorld } from '../../generator/generateWorld';
import { OmsSimulator } from '../OmsSimulator';

const world = generateWorld({});
const oms = new OmsSimulator(world);
let url = '';

beforeAll(async () => {
  url = (await oms.start()).url;
});
afterAll(() => oms.close());
beforeEach(() => oms.reset());

async function call(method: string, path: string, body?: unknown, key?: string): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['idempotency-key'] = key;
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const [a, b] = world.items;
const orderBody = {
  external_id: 'WO-1',
  channel: 'web',
  lines: [
    { line_no: 1, sku: a!.ecomSku, qty: 2, node_id: 'N-D001', method: 'ship', shipment_ref: 'SH-1' },
    { line_no: 2, sku: b!.ecomSku, qty: 1, node_id: 'N-D001', method: 'ship' },
  ],
  ship_to: { lat: 51.5, lng: -0.12 },
  pickup_node: null,
};

describe('OMS simulator', () => {
  it('pages products with an opaque cursor, unmapped SKUs included', async () => {
    const skus: string[] = [];
    let cursor = '';
    for (let guard = 0; guard < 10; guard++) {
      const page = await call('GET', `/oms/v2/products?limit=100&cursor=${cursor}`);
      skus.push(...page.body.items.map((p: { sku: string }) => p.sku));
      if (!page.body.next_cursor) break;
      cursor = page.body.next_cursor;
    }
    const strays = world.unmapped.filter((u) => u.system === 'OMS');
    expect(skus).toEqual([...world.items.map((i) => i.ecomSku), ...strays.map((u) => u.code)]);
    const first = (await call('GET', '/oms/v2/products?limit=1')).body.items[0];
    expect(first).toEqual({ sku: a!.ecomSku, gtin: a!.gtin, title: a!.description, active: true });
    expect((await call('GET', '/oms/v2/products?cursor=garbage')).status).toBe(400);
    expect((await call('GET', '/oms/v2/products?limit=0')).status).toBe(400);
  });

  it('lists nodes and the historic orders', async () => {
    const nodes = (await call('GET', '/oms/v2/nodes')).body.items;
    expect(nodes).toHaveLength(world.locations.length);
    expect(nodes[0]).toEqual({ node_id: 'N-D001', type: 'warehouse', name: 'Daventry DC' });
    const fulfilled = await call('GET', `/oms/v2/orders?status=fulfilled&limit=500`);
    expect(fulfilled.body.items).toHaveLength(world.orders.length);
    expect(fulfilled.body.next_cursor).toBeNull();
    const first = world.orders[0]!;
    expect((await call('GET', `/oms/v2/orders/${first.orderId}`)).body).toMatchObject({
      order_id: first.orderId, external_id: first.externalId, status: 'fulfilled',
      lines: first.lines.map((l) => ({ line_no: l.lineNo, sku: l.ecomSku, qty: l.qty, fulfilled_qty: l.qty, returned_qty: 0 })),
    });
    const paged = await call('GET', '/oms/v2/orders?limit=10');
    const next = await call('GET', `/oms/v2/orders?limit=10&cursor=${paged.body.next_cursor}`);
    expect(next.body.items[0].order_id).toBe(world.orders[10]!.orderId);
    expect((await call('GET', '/oms/v2/orders/OMS-999999')).status).toBe(404);
    expect((await call('GET', '/oms/v2/orders?status=shipped')).status).toBe(400);
  });

  it('creates an order once per idempotency key', async () => {
    const created = await call('POST', '/oms/v2/orders', orderBody, 'k-1');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ order_id: expect.stringMatching(/^OMS-\d{6}$/), status: 'open', external_id: 'WO-1' });
    expect(created.body.lines[1]).toMatchObject({ shipment_ref: null, fulfilled_qty: 0, returned_qty: 0 });

    // the same body with its keys in another order is the same request
    const reordered = { pickup_node: null, ship_to: orderBody.ship_to, lines: orderBody.lines, channel: 'web', external_id: 'WO-1' };
    const replay = await call('POST', '/oms/v2/orders', reordered, 'k-1');
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(created.body);

    const reused = await call('POST', '/oms/v2/orders', { ...orderBody, external_id: 'WO-2' }, 'k-1');
    expect(reused).toEqual({ status: 409, body: expect.objectContaining({ error: 'idempotency_key_reused' }) });
    const open = await call('GET', '/oms/v2/orders?status=open');
    expect(open.body.items.map((o: { order_id: string }) => o.order_id)).toEqual([created.body.order_id]);
    const events = await call('GET', `/oms/v2/events?after=${world.orders.length * 2}`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(['order_created']);

    expect((await call('POST', '/oms/v2/orders', orderBody)).status).toBe(400);
    expect((await call('POST', '/oms/v2/orders', { ...orderBody, lines: [{ ...orderBody.lines[0], sku: 'WEB-nope' }] }, 'k-2')).body.error).toBe('unknown_sku');
    expect((await call('POST', '/oms/v2/orders', { ...orderBody, channel: 'fax' }, 'k-3')).status).toBe(400);
  });

  it('fulfils, allocates what is still open, and cancels the rest', async () => {
    const order = (await call('POST', '/oms/v2/orders', orderBody, 'k-1')).body;
    const path = `/oms/v2/orders/${order.order_id}`;
    let alloc = (await call('GET', '/oms/v2/allocations?status=open')).body.items;
    expect(alloc).toEqual([
      { order_id: order.order_id, line_no: 1, sku: a!.ecomSku, node_id: 'N-D001', qty: 2 },
      { order_id: order.order_id, line_no: 2, sku: b!.ecomSku, node_id: 'N-D001', qty: 1 },
    ]);
    const ful = await call('POST', `${path}/fulfilments`, { shipment_ref: 'SH-1', lines: [{ line_no: 1, qty: 1 }] }, 'f-1');
    expect(ful.status).toBe(201);
    expect(ful.body).toMatchObject({ fulfilment_id: expect.stringMatching(/^FUL-/), status: 'partially_fulfilled' });
    expect((await call('POST', `${path}/fulfilments`, { shipment_ref: 'SH-1', lines: [{ line_no: 1, qty: 1 }] }, 'f-1')).status).toBe(200);
    expect((await call('POST', `${path}/fulfilments`, { shipment_ref: 'SH-1', lines: [{ line_no: 1, qty: 5 }] }, 'f-2')).body.error).toBe('over_fulfilment');
    alloc = (await call('GET', '/oms/v2/allocations?status=open')).body.items;
    expect(alloc.map((l: { qty: number }) => l.qty)).toEqual([1, 1]);

    const cancelled = await call('POST', `${path}/cancel`, undefined, 'c-1');
    // one unit shipped, the rest cancelled
    expect(cancelled.body.status).toBe('partially_cancelled');
    expect(cancelled.body.lines.map((l: { cancelled_qty: number }) => l.cancelled_qty)).toEqual([1, 1]);
    expect((await call('GET', '/oms/v2/allocations?status=open')).body.items).toEqual([]);
    const after = world.orders.length * 2;
    const types = (await call('GET', `/oms/v2/events?after=${after}`)).body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['order_created', 'fulfilment_created', 'order_cancelled']);
  });

  it('cancels some units of a line, refuses what shipped or is not open, and reports the order in its events', async () => {
    const order = (await call('POST', '/oms/v2/orders', orderBody, 'k-pc')).body;
    const path = `/oms/v2/orders/${order.order_id}`;
    await call('POST', `${path}/fulfilments`, { shipment_ref: 'SH-1', lines: [{ line_no: 2, qty: 1 }] }, 'f-pc');
    const part = await call('POST', `${path}/cancel`, { lines: [{ line_no: 1, qty: 1 }], reason: 'customer asked' }, 'c-pc');
    expect(part.status).toBe(200);
    expect(part.body).toMatchObject({ status: 'partially_cancelled', lines: [{ line_no: 1, cancelled_qty: 1 }, { line_no: 2, cancelled_qty: 0, fulfilled_qty: 1 }] });
    expect((await call('POST', `${path}/cancel`, { lines: [{ line_no: 2, qty: 1 }] }, 'c-pc2')).body.error).toBe('not_cancellable');
    expect((await call('POST', `${path}/cancel`, { lines: [{ line_no: 1, qty: 2 }] }, 'c-pc3')).body.error).toBe('over_cancel');
    expect((await call('GET', '/oms/v2/allocations?status=open')).body.items).toEqual([{ order_id: order.order_id, line_no: 1, sku: a!.ecomSku, node_id: 'N-D001', qty: 1 }]);
    const events = (await call('GET', `/oms/v2/events?after=${world.orders.length * 2}`)).body.items;
    expect(events.at(-1)).toMatchObject({ type: 'order_cancelled', payload: { reason: 'customer asked', status: 'partially_cancelled', order_lines: [{ line_no: 1, qty: 2, cancelled_qty: 1 }, { line_no: 2, fulfilled_qty: 1 }] } });
  });

  it('moves open units of a line to a new line at another node, once per key', async () => {
    const order = (await call('POST', '/oms/v2/orders', orderBody, 'k-ra')).body;
    const path = `/oms/v2/orders/${order.order_id}`;
    const body = { from_line_no: 1, qty: 1, line_no: 201, node_id: 'N-D002', shipment_ref: 'SH-1-R1' };
    const moved = await call('POST', `${path}/reallocations`, body, 'ra-1');
    expect(moved.status).toBe(201);
    expect(moved.body.lines.map((l: { line_no: number; qty: number; node_id: string }) => [l.line_no, l.qty, l.node_id])).toEqual([[1, 1, 'N-D001'], [2, 1, 'N-D001'], [201, 1, 'N-D002']]);
    expect((await call('POST', `${path}/reallocations`, body, 'ra-1')).status).toBe(200);
    expect((await call('POST', `${path}/reallocations`, { ...body, line_no: 202, qty: 5 }, 'ra-2')).body.error).toBe('over_reallocation');
    expect((await call('GET', `${path}`)).body.lines).toHaveLength(3);
  });

  it('accepts returns of shipped goods and refuses the rest with 422', async () => {
    const hist = world.orders[0]!;
    const line = hist.lines[0]!;
    const ret = (qty: number, extra: object = {}) => ({
      order_id: hist.orderId, rma_ref: 'RMA-1', node_id: 'N-S001', lines: [{ line_no: line.lineNo, sku: line.ecomSku, qty, condition: 'resellable' }], ...extra,
    });
    const ok = await call('POST', '/oms/v2/returns', ret(1), 'r-1');
    expect(ok.status).toBe(201);
    expect(ok.body.return_id).toMatch(/^RET-\d{6}$/);
    expect((await call('GET', `/oms/v2/orders/${hist.orderId}`)).body.lines[0].returned_qty).toBe(1);
    expect((await call('POST', '/oms/v2/returns', ret(line.qty), 'r-2')).body).toMatchObject({ error: 'over_return' });
    expect((await call('POST', '/oms/v2/returns', ret(1, { order_id: 'OMS-999999' }), 'r-3')).body).toMatchObject({ error: 'unknown_order' });

    const fresh = (await call('POST', '/oms/v2/orders', orderBody, 'k-1')).body;
    const notShipped = await call('POST', '/oms/v2/returns', { ...ret(1), order_id: fresh.order_id, lines: [{ line_no: 1, sku: a!.ecomSku, qty: 1, condition: 'new' }] }, 'r-4');
    expect(notShipped).toEqual({ status: 422, body: expect.objectContaining({ error: 'not_fulfilled' }) });
  });

  it('serves the seeded history on the event feed and never reuses seqs across a reset', async () => {
    const all = (await call('GET', '/oms/v2/events?after=0&limit=1000')).body;
    expect(all.items).toHaveLength(world.orders.length * 2);
    expect(all.last_seq).toBe(world.orders.length * 2);
    const before = (await call('POST', '/oms/v2/orders', orderBody, 'k-1')).body.order_id;
    const seqBefore = (await call('GET', `/oms/v2/events?after=${all.last_seq}`)).body.last_seq;
    oms.reset();
    expect((await call('GET', '/oms/v2/events?after=0&limit=1000')).body.items).toEqual(all.items);
    const again = (await call('POST', '/oms/v2/orders', orderBody, 'k-1')).body.order_id;
    expect(again > before).toBe(true);
    const fresh = (await call('GET', `/oms/v2/events?after=${all.last_seq}`)).body.items;
    expect(fresh).toHaveLength(1);
    expect(fresh[0].seq).toBeGreaterThan(seqBefore);
  });

  it('honours the fault switch', async () => {
    await expectFaultSwitch(oms, '/oms/v2/nodes');
  });
});
