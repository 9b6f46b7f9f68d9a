import nock from 'nock';
import { OmsClient, type OmsClientOptions, type OmsOrderInput } from '../OmsClient';
import { failure, takeUnusedMocks, useNock } from '@stockgraph/shared/testing';

const BASE = 'http://oms.internal.example:4304';
const LEAK = '{"debug":"OMS host 10.1.2.3 stack …"}';

const client = (o: Partial<OmsClientOptions> = {}) => new OmsClient({ baseUrl: BASE, timeoutMs: 500, retries: 1, backoffMs: 1, ...o });

const orderInput: OmsOrderInput = {
  externalId: 'cart-1',
  channel: 'DTC',
  lines: [
    { lineNo: 1, sku: 'WEB-linen-shirt-blue-m', qty: 2, plant: 'D001', method: 'SHIP_FROM_DC', shipmentRef: 'SH-1' },
    { lineNo: 2, sku: 'WEB-linen-shirt-blue-l', qty: 1, plant: 'S001', method: 'PICKUP_IN_STORE', shipmentRef: null },
  ],
  shipTo: { lat: 51.5, lng: -0.12 },
  pickupPlant: null,
};

const wireOrderBody = {
  external_id: 'cart-1',
  channel: 'web',
  lines: [
    { line_no: 1, sku: 'WEB-linen-shirt-blue-m', qty: 2, node_id: 'N-D001', method: 'ship', shipment_ref: 'SH-1' },
    { line_no: 2, sku: 'WEB-linen-shirt-blue-l', qty: 1, node_id: 'N-S001', method: 'pickup', shipment_ref: null },
  ],
  ship_to: { lat: 51.5, lng: -0.12 },
  pickup_node: null,
};

const wireOrder = (id: string, status = 'open') => ({
  order_id: id,
  external_id: 'cart-1',
  channel: 'store',
  status,
  created_at: '2026-11-26T14:00:00Z',
  lines: [{ line_no: 1, sku: 'WEB-a', qty: 3, node_id: 'N-S004', method: 'ship', shipment_ref: null, fulfilled_qty: 1, returned_qty: 0 }],
});

useNock();

describe('OmsClient reads', () => {
  it('follows product cursors to the end', async () => {
    const scope = nock(BASE)
      .get('/oms/v2/products').query({ cursor: '', limit: '200' })
      .reply(200, { items: [{ sku: 'WEB-a', gtin: '5012345000017', title: 'A', active: true }], next_cursor: 'c2' })
      .get('/oms/v2/products').query({ cursor: 'c2', limit: '200' })
      .reply(200, { items: [{ sku: 'WEB-b', gtin: null, title: 'B', active: false }], next_cursor: null });
    expect(await client().listProducts()).toEqual([
      { sku: 'WEB-a', gtin: '5012345000017', title: 'A', active: true },
      { sku: 'WEB-b', gtin: null, title: 'B', active: false },
    ]);
    scope.done();
  });

  it('maps nodes to plants and location types', async () => {
    const scope = nock(BASE).get('/oms/v2/nodes').reply(200, {
      items: [{ node_id: 'N-D001', type: 'warehouse', name: 'Daventry' }, { node_id: 'N-S001', type: 'store', name: 'York' }],
    });
    expect(await client().listNodes()).toEqual([
      { nodeId: 'N-D001', plant: 'D001', type: 'DISTRIBUTION_CENTER', name: 'Daventry' },
      { nodeId: 'N-S001', plant: 'S001', type: 'STORE', name: 'York' },
    ]);
    scope.done();
  });

  it('reads one order, null for an unknown one, and makes no call for an id that cannot exist', async () => {
    const scope = nock(BASE)
      .get('/oms/v2/orders/OMS-000001').reply(200, wireOrder('OMS-000001', 'partially_fulfilled'))
      .get('/oms/v2/orders/OMS-999999').reply(404, '{"error":"not_found"}');
    const oms = client();
    expect(await oms.getOrder('OMS-000001')).toEqual({
      orderId: 'OMS-000001',
      externalId: 'cart-1',
      channel: 'RETAIL',
      status: 'PARTIALLY_FULFILLED',
      createdAt: Date.UTC(2026, 10, 26, 14),
      lines: [{ lineNo: 1, sku: 'WEB-a', qty: 3, plant: 'S004', method: 'SHIP_FROM_STORE', shipmentRef: null, fulfilledQty: 1, returnedQty: 0, cancelledQty: 0 }],
    });
    expect(await oms.getOrder('OMS-999999')).toBeNull();
    expect(await oms.getOrder('../admin/reset')).toBeNull();
    scope.done();
  });

  it('lists orders of a status across pages', async () => {
    const scope = nock(BASE)
      .get('/oms/v2/orders').query({ status: 'open', cursor: '', limit: '200' })
      .reply(200, { items: [wireOrder('OMS-1')], next_cursor: 'n' })
      .get('/oms/v2/orders').query({ status: 'open', cursor: 'n', limit: '200' })
      .reply(200, { items: [wireOrder('OMS-2')], next_cursor: null });
    expect((await client().listOrders('OPEN')).map((o) => o.orderId)).toEqual(['OMS-1', 'OMS-2']);
    scope.done();
  });

  it('lists open allocations per plant', async () => {
    const scope = nock(BASE).get('/oms/v2/allocations').query({ status: 'open' })
      .reply(200, { items: [{ order_id: 'OMS-1', line_no: 1, sku: 'WEB-a', node_id: 'N-D002', qty: 2 }] });
    expect(await client().listOpenAllocations()).toEqual([{ orderId: 'OMS-1', lineNo: 1, sku: 'WEB-a', plant: 'D002', qty: 2 }]);
    scope.done();
  });

  it('reads the event feed, passing over unknown event types', async () => {
    const scope = nock(BASE).get('/oms/v2/events').query({ after: '10', limit: '3' }).reply(200, {
      items: [
        { seq: 11, type: 'order_created', order_id: 'OMS-1', at: '2026-11-26T14:00:00Z', payload: { lines: 1 } },
        { seq: 12, type: 'price_changed', order_id: 'OMS-1', at: '2026-11-26T14:00:01Z', payload: {} },
        { seq: 13, type: 'order_cancelled', order_id: 'OMS-1', at: '2026-11-26T14:00:02Z' },
      ],
      last_seq: 13,
    });
    expect(await client().readEvents(10, 3)).toEqual({
      events: [
        { seq: 11, type: 'order_created', orderId: 'OMS-1', at: Date.UTC(2026, 10, 26, 14), lines: [], rmaRef: null, state: null },
        { seq: 13, type: 'order_cancelled', orderId: 'OMS-1', at: Date.UTC(2026, 10, 26, 14, 0, 2), lines: [], rmaRef: null, state: null },
      ],
      lastSeq: 13,
      more: true,
      skipped: 1,
    });
    scope.done();
  });

  it('reads fulfilment and return lines into typed events: a return\'s node applies to each line, a malformed field is null', async () => {
    const scope = nock(BASE).get('/oms/v2/events').query({ after: '0', limit: '500' }).reply(200, {
      items: [
        { seq: 1, type: 'fulfilment_created', order_id: 'OMS-1', at: '2026-11-26T14:00:00Z',
          payload: { fulfilment_id: 'FUL-1', lines: [{ line_no: 1, sku: 'WEB-a', node_id: 'N-D002', qty: 2 }, { line_no: 2, sku: 'WEB-b', node_id: 'N-S001', qty: 'two' }] } },
        { seq: 2, type: 'return_created', order_id: 'OMS-1', at: '2026-11-26T15:00:00Z',
          payload: { rma_ref: 'RMA-1', node_id: 'N-S001', lines: [{ sku: 'WEB-a', qty: 1, condition: 'new' }, 'garbage'] } },
      ],
      last_seq: 2,
    });
    const page = await client().readEvents(0);
    expect(page.events.map((e) => ({ lines: e.lines, rmaRef: e.rmaRef }))).toEqual([
      { rmaRef: null, lines: [
        { lineNo: 1, sku: 'WEB-a', node: 'N-D002', qty: 2, condition: null },
        { lineNo: 2, sku: 'WEB-b', node: 'N-S001', qty: null, condition: null },
      ] },
      { rmaRef: 'RMA-1', lines: [
        { lineNo: 0, sku: 'WEB-a', node: 'N-S001', qty: 1, condition: 'NEW' },
        { lineNo: 0, sku: null, node: 'N-S001', qty: null, condition: null },
      ] },
    ]);
    scope.done();
  });

  it('retries a failing read, then reports the 500 without host or body', async () => {
    const scope = nock(BASE).get('/oms/v2/nodes').times(2).reply(500, LEAK);
    const err = await failure(client().listNodes());
    expect(err).toMatchObject({ kind: 'status', status: 500 });
    for (const leak of ['oms.internal', '10.1.2.3', 'debug']) expect(err.message).not.toContain(leak);
    scope.done();
  });

  it('times out a slow answer', async () => {
    const scope = nock(BASE).get('/oms/v2/nodes').delay(1000).reply(200, { items: [] });
    expect((await failure(client({ timeoutMs: 30, retries: 0 }).listNodes())).kind).toBe('timeout');
    scope.done();
  });

  it('opens the breaker after consecutive failures', async () => {
    const oms = client({ retries: 0, breaker: { kind: 'consecutive', threshold: 2 } });
    const scope = nock(BASE).get('/oms/v2/nodes').times(2).reply(503, LEAK);
    await failure(oms.listNodes());
    await failure(oms.listNodes());
    scope.done();
    nock(BASE).get('/oms/v2/nodes').reply(200, { items: [] });
    expect((await failure(oms.listNodes())).kind).toBe('unavailable');
    // the request the open breaker kept from going out
    expect(takeUnusedMocks()).toEqual([`GET ${BASE}/oms/v2/nodes`]);
    expect(oms.health()).toBe('down');
  });
});

describe('OmsClient writes', () => {
  it('creates an order with its idempotency key and the wire body, and tells a replay apart', async () => {
    const scope = nock(BASE)
      .post('/oms/v2/orders', wireOrderBody).matchHeader('idempotency-key', 'key-1')
      .reply(201, { order_id: 'OMS-000001', status: 'open' })
      .post('/oms/v2/orders', wireOrderBody).matchHeader('idempotency-key', 'key-1')
      .reply(200, { order_id: 'OMS-000001', status: 'open' });
    const oms = client();
    expect(await oms.createOrder(orderInput, 'key-1')).toEqual({ ok: true, value: { orderId: 'OMS-000001', status: 'OPEN' }, replayed: false });
    expect(await oms.createOrder(orderInput, 'key-1')).toEqual({ ok: true, value: { orderId: 'OMS-000001', status: 'OPEN' }, replayed: true });
    scope.done();
  });

  it('retries a keyed write with the same key', async () => {
    const scope = nock(BASE)
      .post('/oms/v2/orders').matchHeader('idempotency-key', 'key-2').reply(503, LEAK)
      .post('/oms/v2/orders').matchHeader('idempotency-key', 'key-2').reply(201, { order_id: 'OMS-000002', status: 'open' });
    expect(await client().createOrder(orderInput, 'key-2')).toMatchObject({ ok: true, value: { orderId: 'OMS-000002' } });
    scope.done();
  });

  it('returns a duplicate refusal when the key was used with another body (409)', async () => {
    const scope = nock(BASE).post('/oms/v2/orders').reply(409, { error: 'idempotency_key_reused' });
    expect(await client().createOrder(orderInput, 'key-3')).toEqual({ ok: false, refusal: 'duplicate', detail: 'idempotency_key_reused' });
    scope.done();
  });

  it('records a fulfilment and a cancellation with their keys; an unknown order is a refusal', async () => {
    const scope = nock(BASE)
      .post('/oms/v2/orders/OMS-1/fulfilments', { shipment_ref: 'SH-1', lines: [{ line_no: 1, qty: 2 }] })
      .matchHeader('idempotency-key', 'f-1').reply(201, { ok: true })
      .post('/oms/v2/orders/OMS-1/cancel').matchHeader('idempotency-key', 'c-1').reply(200, cancelAnswer('cancelled', 2))
      .post('/oms/v2/orders/OMS-404/cancel').matchHeader('idempotency-key', 'c-2').reply(404, LEAK);
    const oms = client();
    expect(await oms.createFulfilment('OMS-1', { shipmentRef: 'SH-1', lines: [{ lineNo: 1, qty: 2 }] }, 'f-1')).toEqual({ ok: true, value: { orderId: 'OMS-1' }, replayed: false });
    expect(await oms.cancelOrder('OMS-1', 'c-1')).toMatchObject({ ok: true, value: { orderId: 'OMS-1', status: 'CANCELLED', lines: [{ lineNo: 1, cancelledQty: 2 }] }, replayed: true });
    expect(await oms.cancelOrder('OMS-404', 'c-2')).toEqual({ ok: false, refusal: 'unknown_order', detail: 'unknown_order' });
    scope.done();
  });

  it('cancels some units of some lines in its dialect, with the reason', async () => {
    const scope = nock(BASE)
      .post('/oms/v2/orders/OMS-1/cancel', { lines: [{ line_no: 1, qty: 1 }], reason: 'customer asked' })
      .matchHeader('idempotency-key', 'c-3').reply(200, cancelAnswer('partially_cancelled', 1));
    const r = await client().cancelOrder('OMS-1', 'c-3', { lines: [{ lineNo: 1, qty: 1 }], reason: 'customer asked' });
    expect(r).toMatchObject({ ok: true, value: { status: 'PARTIALLY_CANCELLED', lines: [{ lineNo: 1, qty: 2, cancelledQty: 1, plant: 'D001' }] } });
    scope.done();
  });

  it('moves open units of a line to a new line (a short pick placed again)', async () => {
    const scope = nock(BASE)
      .post('/oms/v2/orders/OMS-1/reallocations', { from_line_no: 1, qty: 1, line_no: 201, node_id: 'N-S002', method: 'ship', shipment_ref: 'SH-1-R1' })
      .matchHeader('idempotency-key', 'ra-1').reply(201, cancelAnswer('open', 0))
      .post('/oms/v2/orders/OMS-1/reallocations').matchHeader('idempotency-key', 'ra-2').reply(422, { error: 'over_reallocation' });
    const oms = client();
    const input = { fromLineNo: 1, qty: 1, lineNo: 201, plant: 'S002', method: 'SHIP_FROM_STORE' as const, shipmentRef: 'SH-1-R1' };
    expect(await oms.reallocate('OMS-1', input, 'ra-1')).toMatchObject({ ok: true, value: { orderId: 'OMS-1' } });
    expect(await oms.reallocate('OMS-1', input, 'ra-2')).toEqual({ ok: false, refusal: 'over_reallocation', detail: 'over_reallocation' });
    scope.done();
  });

  it('reads the order state an event carries, and none from an event without it', async () => {
    const { lines, status } = cancelAnswer('partially_cancelled', 1);
    const scope = nock(BASE).get('/oms/v2/events').query(true).reply(200, {
      items: [
        { seq: 7, type: 'order_cancelled', order_id: 'OMS-1', at: '2026-01-01T00:00:00Z', payload: { status, order_lines: lines } },
        { seq: 8, type: 'order_cancelled', order_id: 'OMS-2', at: '2026-01-01T00:00:00Z', payload: { released: [] } },
      ],
      last_seq: 8,
    });
    const page = await client().readEvents(6);
    expect(page.events[0]!.state).toEqual({ status: 'PARTIALLY_CANCELLED', lines: [{ lineNo: 1, qty: 2, plant: 'D001', shipmentRef: 'SH-1', fulfilledQty: 0, cancelledQty: 1, returnedQty: 0 }] });
    expect(page.events[1]!.state).toBeNull();
    scope.done();
  });

  it('creates a return with the wire body', async () => {
    const scope = nock(BASE)
      .post('/oms/v2/returns', { order_id: 'OMS-1', rma_ref: 'RMA-1', node_id: 'N-S002', lines: [{ line_no: 1, sku: 'WEB-a', qty: 1, condition: 'opened' }] })
      .matchHeader('idempotency-key', 'r-1')
      .reply(201, { return_id: 'RET-000001' });
    const result = await client().createReturn(
      { orderId: 'OMS-1', rmaRef: 'RMA-1', plant: 'S002', lines: [{ lineNo: 1, sku: 'WEB-a', qty: 1, condition: 'OPENED' }] },
      'r-1',
    );
    expect(result).toEqual({ ok: true, value: { returnId: 'RET-000001' }, replayed: false });
    scope.done();
  });

  it.each([
    ['over_return', 'over_return', 'over_return'],
    ['unknown_order', 'unknown_order', 'unknown_order'],
    ['not_fulfilled', 'not_fulfilled', 'not_fulfilled'],
    ['not_cancellable', 'not_cancellable', 'not_cancellable'],
    ['unknown_sku', 'unknown_sku', 'unknown_sku'],
    ['line_closed', 'other', 'line_closed'],
    ['Internal error at 10.1.2.3', 'other', 'other'],
  ])('turns a 422 %p into a typed refusal', async (wire, refusal, detail) => {
    const scope = nock(BASE).post('/oms/v2/returns').reply(422, { error: wire });
    const result = await client().createReturn({ orderId: 'OMS-1', rmaRef: 'RMA-1', plant: 'S002', lines: [{ lineNo: 1, sku: 'WEB-a', qty: 5, condition: 'NEW' }] }, 'r-2');
    expect(result).toEqual({ ok: false, refusal, detail });
    scope.done();
  });

  it('refuses an idempotency key that could inject headers, without calling', async () => {
    await expect(client().cancelOrder('OMS-1', 'k\r\nX-Injected: 1')).rejects.toThrow(RangeError);
  });
});

function cancelAnswer(status: string, cancelled: number) {
  return {
    order_id: 'OMS-1', external_id: 'A-1', channel: 'web', status, created_at: '2026-01-01T00:00:00Z',
    lines: [{ line_no: 1, sku: 'WEB-a', qty: 2, node_id: 'N-D001', method: 'ship', shipment_ref: 'SH-1', fulfilled_qty: 0, returned_qty: 0, cancelled_qty: cancelled }],
  };
}
