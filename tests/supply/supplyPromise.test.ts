import type { WorldItem, WorldLocation, WorldPurchaseOrder } from '@stockgraph/simulators';
import { contractOperation } from '../support/contract';
import { gql, gqlData } from '../support/gql';
import { codes, confirmFulfillment, placeStock, type UserErrorOut } from '../support/omsOps';
import { demoKey, QUIET_OMS, startTestStack, type TestStack } from '../support/startTestStack';

/*
 * Incoming supply as a promise, through the gateway on real Redis: an open PO (after its supplier's
 * trust factor) is promised once across 200 concurrent backorders from two channels; a backorder
 * shipment cannot leave before its stock; a late or short PO moves the promise of the orders it
 * covers, which the graph lists; on receipt backorders become on-hand holds, first come first served.
 */

const SUPPLY_PROMISE = contractOperation('supply.graphql', 'SupplyPromise');
const ROUTE = `mutation Route($input: RouteOrderInput!) { routeOrder(input: $input) {
  plan { shipments { id lines { sku { id } quantity backorder } } unassigned { sku { id } quantity } }
  reservations { id status backorder } userErrors { field code message } } }`;
const INCOMING = `query Incoming($id: ID!) { sku(id: $id) { incoming { document quantity promisable expectedOn location { id } supplier { id trust } } } }`;
const BACKORDERS = `query Backorders($skus: [ID!]!, $po: String, $moved: Boolean) { backorders(skus: $skus, purchaseOrder: $po, movedOnly: $moved) {
  reservation { id } reference quantity promisedOn expectedOn covered purchaseOrders moved location { id } } }`;
const ops = demoKey('order-management');

interface RouteOut {
  plan: { shipments: { id: string; lines: { quantity: number; backorder: boolean }[] }[]; unassigned: unknown[] } | null;
  reservations: { id: string; status: string; backorder: boolean }[];
  userErrors: UserErrorOut[];
}
interface BackorderOut { reservation: { id: string }; reference: string; quantity: number; promisedOn: string | null; expectedOn: string | null; covered: number; purchaseOrders: string[]; moved: boolean }

let t: TestStack;
let po: WorldPurchaseOrder;
let item: WorldItem;
let dc: WorldLocation;
let sku: string;
let ebelp: string;
let received0: number;
let trust: number;

beforeAll(async () => {
  t = await startTestStack('supply-promise', 'redis', { ...QUIET_OMS, planningSeedDays: 0 });
  const reg = t.stack.platform.registry;
  // an item whose only open PO line goes to a DC: the promise is that line's alone
  const open = t.world.purchaseOrders.filter((p) => p.status === 'open');
  const linesOf = (matnr: string) => open.flatMap((p) => p.lines.filter((l) => l.matnr === matnr && l.received < l.qty).map((l) => ({ p, l })));
  const pick = t.world.items.map((i) => ({ i, lines: linesOf(i.matnr) })).find(({ i, lines }) => {
    const id = reg.resolveSku('ERP', i.matnr);
    return lines.length === 1 && lines[0]!.p.plant.startsWith('D') && id && reg.localCode(id, 'OMS');
  })!;
  item = pick.i;
  po = pick.lines[0]!.p;
  ebelp = pick.lines[0]!.l.ebelp;
  received0 = pick.lines[0]!.l.received;
  dc = t.world.locations.find((l) => l.plant === po.plant)!;
  sku = reg.resolveSku('ERP', item.matnr)!;
  trust = t.world.suppliers.find((s) => s.lifnr === po.lifnr)!.trust;
  await placeStock(t.stack.platform.stores.ledger, sku, {});
}, 60_000);
afterAll(async () => t?.close());

/** The buyer or the dock changes the PO line in the ERP; the next ERP batch carries it into the graph. */
async function changePo(change: { eindt?: string; menge?: number; receive?: number }): Promise<void> {
  const res = await fetch(`${t.stack.simulators!.urls.erp}/admin/purchase-orders/${po.ebeln}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ebelp, ...change }),
  });
  expect(res.status).toBe(200);
  await t.stack.apps.erp.catalog.refresh();
  await t.stack.apps.erp.catalog.feedIncoming();
}

const promisable = async (channel: string) =>
  (await gqlData<{ availability: { promisable: { expectedOn: string; quantity: number }[] }[] }>(t.url, SUPPLY_PROMISE, { skus: [sku], channel }, ops)).availability[0]!.promisable;
const backorders = async (vars: { po?: string; moved?: boolean } = {}) => (await gqlData<{ backorders: BackorderOut[] }>(t.url, BACKORDERS, { skus: [sku], ...vars }, ops)).backorders;

const orders = new Map<string, { shipmentId: string; reservationId: string }>();
let promised = 0;

it('an open PO is promisable by its expected date after the supplier\'s trust factor, visible in the graph', async () => {
  await changePo({ menge: received0 + 100, eindt: '2027-03-01' });
  const d = await gqlData<{ sku: { incoming: { document: string; quantity: number; promisable: number; expectedOn: string; supplier: { id: string; trust: number } }[] } }>(t.url, INCOMING, { id: sku }, ops);
  const line = d.sku.incoming.find((l) => l.document === `${po.ebeln}/${ebelp}`)!;
  expect(line.supplier).toEqual({ id: po.lifnr, trust });
  expect(trust).toBeLessThan(1);
  expect(line).toMatchObject({ quantity: 100, expectedOn: '2027-03-01', promisable: Math.floor(100 * trust + 1e-9) });
  promised = line.promisable;
  expect(await promisable('WHOLESALE')).toEqual([{ expectedOn: '2027-03-01', quantity: promised }]);
  // DTC sees the same DC: the same units, which either channel's backorders may take
  expect(await promisable('DTC')).toEqual([{ expectedOn: '2027-03-01', quantity: promised }]);
});

it('200 concurrent backorders from two channels take the promisable units once, the rest are refused', async () => {
  const answers = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    // WHOLESALE backorders by its channel policy; DTC only when the order asks for it
    const input = { orderId: `BO-${i}`, channel: i % 2 === 0 ? 'WHOLESALE' : 'DTC', destination: { lat: dc.lat, lng: dc.lng }, lines: [{ sku, quantity: 1 }], ...(i % 2 === 1 ? { allowBackorder: true } : {}) };
    const r = await gql<{ routeOrder: RouteOut }>(t.url, ROUTE, { input }, ops);
    expect(r.errors).toBeUndefined();
    return { orderId: input.orderId, a: r.data!.routeOrder };
  }));
  const ok = answers.filter(({ a }) => a.reservations.length > 0);
  expect(ok).toHaveLength(promised);
  for (const { orderId, a } of ok) {
    expect(a.reservations).toEqual([{ id: expect.any(String), status: 'ACTIVE', backorder: true }]);
    expect(a.plan!.shipments.flatMap((s) => s.lines)).toEqual([{ sku: { id: sku }, quantity: 1, backorder: true }]);
    orders.set(orderId, { shipmentId: a.plan!.shipments[0]!.id, reservationId: a.reservations[0]!.id });
  }
  expect(answers.filter(({ a }) => a.reservations.length === 0).every(({ a }) => codes(a.userErrors).join() === 'INSUFFICIENT_STOCK')).toBe(true);
  // both channels got some: the units were shared out, not reserved to the first channel
  const wholesale = ok.filter(({ orderId }) => Number(orderId.slice(3)) % 2 === 0).length;
  expect(wholesale).toBeGreaterThan(0);
  expect(wholesale).toBeLessThan(promised);
  expect(await promisable('WHOLESALE')).toEqual([]);
  const list = await backorders();
  expect(list).toHaveLength(promised);
  expect(list.every((b) => b.promisedOn === '2027-03-01' && b.expectedOn === '2027-03-01' && !b.moved && b.covered === 1)).toBe(true);
  expect(new Set(list.map((b) => b.reservation.id))).toEqual(new Set([...orders.values()].map((o) => o.reservationId)));
});

it('a backorder shipment cannot be confirmed before its stock arrives', async () => {
  const [first] = [...orders.values()];
  const answer = await confirmFulfillment(t.url, ops, { shipmentId: first!.shipmentId });
  expect(codes(answer.userErrors)).toEqual(['BACKORDER_NOT_RECEIVED']);
  expect(answer.shipment!.status).toBe('PLANNED');
});

it('a late PO moves every promise it covers; a short one leaves the last orders uncovered, and both are listed', async () => {
  await changePo({ eindt: '2027-04-15' });
  const late = await backorders({ moved: true });
  expect(late).toHaveLength(promised);
  expect(late.every((b) => b.promisedOn === '2027-03-01' && b.expectedOn === '2027-04-15' && b.purchaseOrders.join() === `${po.ebeln}/${ebelp}`)).toBe(true);
  expect(await backorders({ po: po.ebeln })).toHaveLength(promised);

  await changePo({ menge: received0 + 90 });
  const stillCovered = Math.floor(90 * trust + 1e-9);
  const short = await backorders({ moved: true });
  const uncovered = short.filter((b) => b.expectedOn === null);
  expect(uncovered).toHaveLength(promised - stillCovered);
  expect(uncovered.every((b) => b.covered === 0)).toBe(true);
  // first come first served: the uncovered are the last in line
  const all = await backorders();
  expect(all.slice(stillCovered).map((b) => b.reservation.id)).toEqual(uncovered.map((b) => b.reservation.id));
});

it('on receipt, backorders become on-hand holds first come first served, and then ship', async () => {
  const queue = (await backorders()).map((b) => b.reservation.id);
  await changePo({ receive: 40 });
  t.stack.simulators!.wms.recordDelta({ site: dc.wmsSite!, article: item.wmsArticle, type: 'RECEIPT', qty: 40, ref: `GR-${po.ebeln}` });
  await t.stack.apps.wms.feed.poll();
  expect(await t.stack.apps.oms.fillBackorders()).toBe(40);
  const left = (await backorders()).map((b) => b.reservation.id);
  expect(left).toEqual(queue.slice(40));
  const byReservation = new Map([...orders.values()].map((o) => [o.reservationId, o.shipmentId]));
  const shipped = await confirmFulfillment(t.url, ops, { shipmentId: byReservation.get(queue[0]!)! });
  expect(shipped.userErrors).toEqual([]);
  expect(shipped.shipment!.status).toBe('FULFILLED');
  const waiting = await confirmFulfillment(t.url, ops, { shipmentId: byReservation.get(queue[40]!)! });
  expect(codes(waiting.userErrors)).toEqual(['BACKORDER_NOT_RECEIVED']);
});
