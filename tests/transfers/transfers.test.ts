import type { Location } from '@stockgraph/shared';
import { PosClient } from '@stockgraph/pos';
import { WmsClient } from '@stockgraph/wms';
import { contractOperation } from '../support/contract';
import { gql } from '../support/gql';
import { STACK_KINDS, startLifecycleStack, type LifecycleStack } from '../support/lifecycleStack';
import { codes, confirmFulfillment, createReturn, payload, placeStock, positionOf, routeOrder, type UserErrorOut } from '../support/omsOps';
import { demoKey } from '../support/startTestStack';

/*
 * Stock moving between two locations through the gateway on real Redis, on the one-process stack
 * and on the stack where every subgraph is its own process: held at the source on create, in
 * transit on ship, on hand at the destination on receipt, a shortfall a discrepancy, each move
 * booked in the legacy system that owns the location (POS for stores, WMS for DCs), the
 * transfer's own audit trail, and 200 concurrent creates against one position.
 */

jest.setTimeout(300_000);

const CREATE = contractOperation('lifecycle.graphql', 'CreateTransfer');
const SHIP = contractOperation('lifecycle.graphql', 'ShipTransfer');
const RECEIVE = contractOperation('lifecycle.graphql', 'ReceiveTransfer');
const AUDIT = contractOperation('lifecycle.graphql', 'StockAudit');
const POSITION = 'query P($sku: ID!, $loc: ID!) { sku(id: $sku) { stockAt(locationId: $loc) { onHand reserved availableToSell inTransit } } }';
const TRANSFER = `query T($id: ID!) { transfer(id: $id) { id kind status lines { sku { id } quantity received }
  bookings { system location { id } move reference }
  movements { sku { id } location { id } reason quantity delta after source sourceDocument actor } } }`;
const DISCREPANCY = 'query D($id: ID!) { stockDiscrepancy(id: $id) { sku { id } location { id } sources { system quantity } delta status } }';
const ops = demoKey('order-management');

interface TransferOut { id: string; status: string; fromLocation?: { id: string }; toLocation?: { id: string }; lines: { sku: { id: string }; quantity: number; received?: number | null }[] }
interface TransferPayload { transfer: TransferOut | null; userErrors: UserErrorOut[] }
interface Movement { sku: { id: string }; location: { id: string }; reason: string; quantity: string; delta: number; after: number; source: string; sourceDocument: string | null; actor: string }

describe.each(STACK_KINDS)('transfers between locations (%s stack)', (kind) => {
  let s: LifecycleStack;
  let pos: PosClient;
  let wms: WmsClient;
  let stores: Location[];
  let dc: Location;
  let skus: string[];
  const tag = `${kind === 'separate' ? 'SP' : 'OP'}${process.pid}`;

  const call = async (op: string, field: string, input: Record<string, unknown>) => payload<TransferPayload>(await gql(s.url, op, { input }, ops), field);
  const create = (input: Record<string, unknown>) => call(CREATE, 'createTransfer', input);
  const ship = (input: Record<string, unknown>) => call(SHIP, 'shipTransfer', input);
  const receive = (input: Record<string, unknown>) => call(RECEIVE, 'receiveTransfer', input);
  const position = async (sku: string, loc: string) => {
    const r = await gql(s.url, POSITION, { sku, loc }, ops);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data!.sku.stockAt as { onHand: number; reserved: number; availableToSell: number; inTransit: number };
  };
  const posOnHand = async (store: Location, sku: string) => {
    const lines = await pos.storeStock(s.registry.locationCode(store.id, 'POS')!);
    return lines.find((l) => l.barcode === s.registry.localCode(sku, 'POS'))?.onHand ?? 0;
  };
  const wmsOnHand = async (sku: string) => {
    const report = await wms.stockReport(s.registry.locationCode(dc.id, 'WMS')!);
    return report.lines.find((l) => l.articleNo === s.registry.localCode(sku, 'WMS'))?.onHand ?? 0;
  };

  beforeAll(async () => {
    s = await startLifecycleStack(`transfers-${kind}`, kind);
    pos = new PosClient({ baseUrl: s.legacyUrls.pos, timeoutMs: 10_000 });
    wms = new WmsClient({ baseUrl: s.legacyUrls.wms, timeoutMs: 10_000 });
    const reg = s.registry;
    stores = reg.allLocations().filter((l) => l.type === 'STORE' && reg.locationCode(l.id, 'POS'));
    dc = reg.allLocations().find((l) => l.type === 'DISTRIBUTION_CENTER' && reg.locationCode(l.id, 'WMS'))!;
    skus = reg.skuIds().filter((x) => reg.localCode(x, 'POS') && reg.localCode(x, 'WMS')).slice(30, 40);
  });
  afterAll(async () => { await s?.close(); });

  it('holds at the source, ships into transit, receives on hand at the destination; a shortfall is a discrepancy; each move booked at the store’s POS', async () => {
    const [a, b] = [stores[0]!, stores[1]!];
    const [k1, k2] = [skus[0]!, skus[1]!];
    await placeStock(s.ledger, k1, { [a.id]: 20, [b.id]: 3 });
    await placeStock(s.ledger, k2, { [a.id]: 10, [b.id]: 0 });
    const posBefore = [await posOnHand(a, k1), await posOnHand(b, k1), await posOnHand(b, k2)];

    const created = await create({ fromLocationId: a.id, toLocationId: b.id, lines: [{ sku: k1, quantity: 5 }, { sku: k2, quantity: 2 }], idempotencyKey: `tr-${tag}-1` });
    expect(created.userErrors).toEqual([]);
    const t = created.transfer!;
    expect(t).toMatchObject({ status: 'REQUESTED', fromLocation: { id: a.id }, toLocation: { id: b.id }, lines: [{ sku: { id: k1 }, quantity: 5 }, { sku: { id: k2 }, quantity: 2 }] });
    expect(await position(k1, a.id)).toMatchObject({ onHand: 20, reserved: 5, availableToSell: 15 });
    // the same key answers the same transfer; with another input it is refused
    expect((await create({ fromLocationId: a.id, toLocationId: b.id, lines: [{ sku: k1, quantity: 5 }, { sku: k2, quantity: 2 }], idempotencyKey: `tr-${tag}-1` })).transfer!.id).toBe(t.id);
    expect(codes((await create({ fromLocationId: a.id, toLocationId: b.id, lines: [{ sku: k1, quantity: 6 }], idempotencyKey: `tr-${tag}-1` })).userErrors)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect((await position(k1, a.id)).reserved).toBe(5);
    // receiving before shipping is refused
    expect(codes((await receive({ transferId: t.id })).userErrors)).toEqual(['INVALID_TRANSFER_STATE']);

    expect((await ship({ transferId: t.id, idempotencyKey: `ship-${tag}-1` }))).toEqual({ transfer: { id: t.id, status: 'SHIPPED' }, userErrors: [] });
    expect((await ship({ transferId: t.id, idempotencyKey: `ship-${tag}-1` })).transfer!.status).toBe('SHIPPED');
    expect(codes((await ship({ transferId: t.id })).userErrors)).toEqual(['INVALID_TRANSFER_STATE']);
    expect(await position(k1, a.id)).toMatchObject({ onHand: 15, reserved: 0, availableToSell: 15, inTransit: 0 });
    expect(await position(k1, b.id)).toMatchObject({ onHand: 3, inTransit: 5, availableToSell: 3 });
    expect(await posOnHand(a, k1)).toBe(posBefore[0]! - 5);

    expect(codes((await receive({ transferId: t.id, lines: [{ sku: k1, quantity: 6 }] })).userErrors)).toEqual(['OVER_RECEIPT']);
    const got = await receive({ transferId: t.id, lines: [{ sku: k1, quantity: 4 }, { sku: k2, quantity: 2 }], idempotencyKey: `rcv-${tag}-1` });
    expect(got).toEqual({ transfer: { id: t.id, status: 'RECEIVED', lines: [{ sku: { id: k1 }, quantity: 5, received: 4 }, { sku: { id: k2 }, quantity: 2, received: 2 }] }, userErrors: [] });
    expect(await position(k1, b.id)).toMatchObject({ onHand: 7, inTransit: 0, availableToSell: 7 });
    expect(await position(k2, b.id)).toMatchObject({ onHand: 2, inTransit: 0 });
    expect([await posOnHand(b, k1), await posOnHand(b, k2)]).toEqual([posBefore[1]! + 4, posBefore[2]! + 2]);
    // the unit that did not arrive: the shipping store's POS says 5, the receiving one's 4
    const d = (await gql(s.url, DISCREPANCY, { id: `DISC-${k1}-${b.id}` }, ops)).data!.stockDiscrepancy;
    expect(d).toMatchObject({ sku: { id: k1 }, location: { id: b.id }, delta: 1, status: 'OPEN' });
    expect(d.sources.map((x: { quantity: number }) => x.quantity).sort()).toEqual([4, 5]);

    // the transfer's own trail: every movement it caused, at both ends, newest first
    const trail = (await gql(s.url, TRANSFER, { id: t.id }, ops)).data!.transfer;
    expect(trail.bookings.map((x: { system: string; move: string; location: { id: string } }) => [x.system, x.move, x.location.id])).toEqual([['POS', 'SHIP', a.id], ['POS', 'RECEIVE', b.id]]);
    const moved = (trail.movements as Movement[]).map((m) => [m.sku.id, m.location.id, m.reason, m.quantity, m.delta, m.after]);
    expect(moved.filter((m) => m[0] === k1)).toEqual([
      [k1, b.id, 'TRANSFER_IN', 'ON_HAND', 4, 7],
      [k1, b.id, 'TRANSFER_IN', 'IN_TRANSIT', -5, 0],
      [k1, b.id, 'TRANSFER_OUT', 'IN_TRANSIT', 5, 5],
      [k1, a.id, 'TRANSFER_OUT', 'ON_HAND', -5, 15],
      [k1, a.id, 'TRANSFER_OUT', 'RESERVED', -5, 0],
      [k1, a.id, 'RESERVATION', 'RESERVED', 5, 5],
    ]);
    expect(moved.filter((m) => m[0] === k2)).toHaveLength(6);
    expect((trail.movements as Movement[]).every((m) => m.sourceDocument === t.id && m.actor === 'order-management' && m.source === 'LEDGER')).toBe(true);
    // and the position's StockAudit (the contract's query) shows the same lines at the destination
    const audit = (await gql(s.url, AUDIT, { sku: k1, locationId: b.id, first: 3 }, ops)).data!.sku.stockHistory.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(audit.map((n: Record<string, unknown>) => [n.reason, n.quantity, n.delta, n.after, n.sourceDocument, n.actor])).toEqual([
      ['TRANSFER_IN', 'ON_HAND', 4, 7, t.id, 'order-management'],
      ['TRANSFER_IN', 'IN_TRANSIT', -5, 0, t.id, 'order-management'],
      ['TRANSFER_OUT', 'IN_TRANSIT', 5, 5, t.id, 'order-management'],
    ]);
  });

  it('books a DC’s moves at the WMS, in cases and eaches', async () => {
    const k = skus[2]!;
    const store = stores[2]!;
    const before = await positionOf(s.ledger, k, dc.id);
    const units = Math.min(3, before.onHand - before.reserved - before.safetyStock);
    expect(units).toBeGreaterThan(0);
    const wmsBefore = await wmsOnHand(k);
    const t = (await create({ fromLocationId: dc.id, toLocationId: store.id, lines: [{ sku: k, quantity: units }] })).transfer!;
    expect((await ship({ transferId: t.id })).userErrors).toEqual([]);
    expect(await wmsOnHand(k)).toBe(wmsBefore - units);
    expect((await positionOf(s.ledger, k, dc.id)).onHand).toBe(before.onHand - units);
    // and back: the DC receives what a store sends it
    await placeStock(s.ledger, k, { [store.id]: 10, [dc.id]: (await positionOf(s.ledger, k, dc.id)).onHand });
    const back = (await create({ fromLocationId: store.id, toLocationId: dc.id, lines: [{ sku: k, quantity: 2 }] })).transfer!;
    await ship({ transferId: back.id });
    expect((await receive({ transferId: back.id })).transfer!.status).toBe('RECEIVED');
    expect(await wmsOnHand(k)).toBe(wmsBefore - units + 2);
  });

  it('refuses what it cannot do as userErrors, changing nothing', async () => {
    const k = skus[3]!;
    await placeStock(s.ledger, k, { [stores[0]!.id]: 4 });
    const refusals = await Promise.all([
      create({ fromLocationId: stores[0]!.id, toLocationId: stores[1]!.id, lines: [{ sku: k, quantity: 5 }] }),
      create({ fromLocationId: stores[0]!.id, toLocationId: stores[0]!.id, lines: [{ sku: k, quantity: 1 }] }),
      create({ fromLocationId: 'X999', toLocationId: stores[1]!.id, lines: [{ sku: k, quantity: 1 }] }),
      create({ fromLocationId: stores[0]!.id, toLocationId: stores[1]!.id, lines: [{ sku: 'SKU-NOPE', quantity: 1 }, { sku: k, quantity: 0 }] }),
      ship({ transferId: 'TR-NOPE' }),
    ]);
    expect(refusals.map((r) => [r.transfer, codes(r.userErrors)])).toEqual([
      [null, ['INSUFFICIENT_STOCK']], [null, ['INVALID_INPUT']], [null, ['UNKNOWN_LOCATION']], [null, ['UNKNOWN_SKU', 'INVALID_QUANTITY']], [null, ['UNKNOWN_TRANSFER']],
    ]);
    expect(await position(k, stores[0]!.id)).toMatchObject({ onHand: 4, reserved: 0 });
  });

  it('completes a return’s transfer with the same mutations, its status followed on the RMA', async () => {
    const k = s.registry.skuIds().filter((x) => s.registry.localCode(x, 'OMS'))[60]!;
    const store = s.registry.allLocations().find((l) => l.type === 'STORE' && l.capabilities.includes('RETURNS'))!;
    await placeStock(s.ledger, k, { [dc.id]: 10 });
    const routed = await routeOrder(s.url, ops, { orderId: `RT-${tag}`, channel: 'DTC', destination: dc.geo, lines: [{ sku: k, quantity: 2 }] });
    for (const sh of routed.plan!.shipments) expect((await confirmFulfillment(s.url, ops, { shipmentId: sh.id })).userErrors).toEqual([]);
    const ret = await createReturn(s.url, ops, { orderId: `RT-${tag}`, channel: 'DTC', returnLocationId: store.id, lines: [{ sku: k, quantity: 2, condition: 'DAMAGED' }], idempotencyKey: `rt-${tag}` });
    expect(ret.userErrors).toEqual([]);
    const RMA = 'query R($id: ID!) { rma(id: $id) { transfers { id status quantity from { id } to { id } transfer { id status kind } } } }';
    const rmaTransfers = async () => (await gql(s.url, RMA, { id: ret.rma!.id }, ops)).data!.rma.transfers as { id: string; status: string; from: { id: string }; transfer: { id: string; status: string; kind: string } }[];
    const [rt] = await rmaTransfers();
    expect(rt).toMatchObject({ status: 'REQUESTED', from: { id: store.id }, transfer: { id: rt!.id, status: 'REQUESTED', kind: 'RETURN' } });
    const storeBefore = await positionOf(s.ledger, k, store.id);
    expect((await ship({ transferId: rt!.id })).transfer).toEqual({ id: rt!.id, status: 'SHIPPED' });
    expect((await rmaTransfers())[0]!.status).toBe('SHIPPED');
    expect((await receive({ transferId: rt!.id })).transfer!.status).toBe('RECEIVED');
    expect((await rmaTransfers())[0]).toMatchObject({ status: 'RECEIVED', transfer: { status: 'RECEIVED' } });
    // damaged goods were never sellable stock: no quantity of the store's position moved
    expect(await positionOf(s.ledger, k, store.id)).toEqual(storeBefore);
  });

  it('200 concurrent createTransfer against one position hold exactly what it has, never more', async () => {
    const k = skus[4]!;
    const from = stores[3]!;
    await placeStock(s.ledger, k, { [from.id]: 50 });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      create({ fromLocationId: from.id, toLocationId: stores[4 + (i % 3)]!.id, lines: [{ sku: k, quantity: 1 }], idempotencyKey: `burst-${tag}-${i}` })));
    const ok = answers.filter((a) => a.transfer);
    expect(ok).toHaveLength(50);
    expect(answers.filter((a) => !a.transfer).every((a) => codes(a.userErrors).join() === 'INSUFFICIENT_STOCK')).toBe(true);
    expect(new Set(ok.map((a) => a.transfer!.id)).size).toBe(50);
    const p = await positionOf(s.ledger, k, from.id);
    expect([p.onHand, p.reserved]).toEqual([50, 50]);
  });
});
