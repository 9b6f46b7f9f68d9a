import type { Location, Position } from '@stockgraph/shared';
import type { OmsOrder } from '@stockgraph/oms';
import { startTestStack, demoKey, type StackKind, type TestStack } from '../support/startTestStack';
import { gql } from '../support/gql';
import {
  PRODUCT_AVAILABILITY, SCAN_BARCODE, codes, confirmFulfillment, createReturn, omsOrdersByExternalId, placeStock, routeOrder,
  type ReturnAnswer,
} from '../support/omsOps';

/*
 * Returns through the gateway on real Redis, in one process and with every subgraph in its own: a
 * web order, routed and shipped, comes back in a store (CreateReturn as order management sends
 * it); what is sellable is on sale there at once, what is not stays off the shelf, and every
 * refusal changes nothing in the ledger or the OMS.
 */

jest.setTimeout(120_000);

describe.each<StackKind>(['redis', 'separate'])('returns (%s stack)', (kind) => {
  let t: TestStack;
  const ops = demoKey('order-management');
  const clienteling = demoKey('clienteling');
  const storefront = demoKey('storefront');
  const ledger = () => t.platform.stores.ledger;
  const oms = () => t.clients.oms;
  let X: string, Y: string, Z: string;
  let dc: Location;
  let store: Location;
  /** the shipped web order (X×4, Y×2) and the routed, never shipped one (Z×2) */
  let shipped: OmsOrder;
  let unshipped: OmsOrder;
  const rmas: ReturnAnswer['rma'][] = [];
  const today = () => new Date().toISOString().slice(0, 10);

  const allPositions = async () => (await ledger().getPositionsForSkus([X, Y, Z])).flat();
  const omsLines = async (orderId: string) => (await oms().getOrder(orderId))!.lines.map((l) => [l.lineNo, l.fulfilledQty, l.returnedQty]);
  const omsReturnPosts = () => t.simulators.oms.calls.snapshot().paths['/oms/v2/returns'] ?? 0;

  /** What the clienteling app shows for a SKU at the store: ScanBarcode by its ERP code. */
  async function shelf(sku: string) {
    const code = t.platform.registry.localCode(sku, 'ERP');
    const r = await gql(t.url, SCAN_BARCODE, { system: 'ERP', code, storeId: store.id, near: store.geo }, clienteling);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    return r.data!.skuByLocalCode.stockAt as { onHand: number; availableToSell: number };
  }

  /** What the storefront shows: the network total and the store's pickup figure. */
  async function storefrontView(sku: string) {
    const r = await gql(t.url, PRODUCT_AVAILABILITY, { skus: [sku], channel: 'DTC', near: store.geo, radiusKm: 50 }, storefront);
    if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
    const a = r.data!.availability[0];
    const here = a.pickup.find((p: { location: { id: string } }) => p.location.id === store.id);
    return { total: a.availableToSell as number, atStore: (here?.availableToSell ?? 0) as number };
  }

  async function routeAndFind(lines: { sku: string; quantity: number }[], ship: boolean): Promise<OmsOrder> {
    const orderId = `T-RET-${process.pid}-${lines.map((l) => l.sku).join('-')}`;
    const answer = await routeOrder(t.url, ops, { orderId, channel: 'DTC', destination: dc.geo, lines });
    expect(answer.userErrors).toEqual([]);
    for (const s of ship ? answer.plan!.shipments : []) expect((await confirmFulfillment(t.url, ops, { shipmentId: s.id })).shipment?.status).toBe('FULFILLED');
    const [o] = await omsOrdersByExternalId(oms(), orderId);
    return o;
  }

  beforeAll(async () => {
    t = await startTestStack(`returns-${kind}`, kind, { omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0 });
    const reg = t.platform.registry;
    [X, Y, Z] = reg.skuIds().filter((id) => reg.localCode(id, 'OMS') && reg.localCode(id, 'ERP')).slice(0, 3);
    dc = reg.allLocations().find((l) => l.type === 'DISTRIBUTION_CENTER')!;
    store = reg.allLocations().find((l) => l.type === 'STORE' && l.capabilities.includes('PICKUP_IN_STORE') && l.capabilities.includes('RETURNS'))!;
    for (const sku of [X, Y, Z]) await placeStock(ledger(), sku, { [dc.id]: 20, [store.id]: 1 });
    shipped = await routeAndFind([{ sku: X, quantity: 4 }, { sku: Y, quantity: 2 }], true);
    unshipped = await routeAndFind([{ sku: Z, quantity: 2 }], false);
    expect(shipped.lines.map((l) => l.fulfilledQty).sort()).toEqual([2, 4]);
  });
  afterAll(async () => { await t?.close(); });

  describe('a web order returned in a store', () => {
    it('puts the NEW units on sale at that store in the same request cycle; DAMAGED and DEFECTIVE stay off sale', async () => {
      const before = { x: await shelf(X), y: await shelf(Y), xWeb: await storefrontView(X), yWeb: await storefrontView(Y) };
      const others = (await allPositions()).filter((p) => !(p.sku === X && p.locationId === store.id));
      const answer = await createReturn(t.url, ops, {
        orderId: shipped.orderId, channel: 'DTC', returnLocationId: store.id, idempotencyKey: `ret-main-${process.pid}`,
        lines: [{ sku: X, quantity: 2, condition: 'NEW' }, { sku: X, quantity: 1, condition: 'DAMAGED' }, { sku: Y, quantity: 1, condition: 'DEFECTIVE' }],
      });
      expect(answer.userErrors).toEqual([]);
      const rma = answer.rma!;
      rmas.push(rma);
      expect(rma.lines.map((l) => [l.sku.id, l.quantity, l.condition])).toEqual([[X, 2, 'NEW'], [X, 1, 'DAMAGED'], [Y, 1, 'DEFECTIVE']]);
      expect(rma.lines[0].disposition).toBe('RESTOCK');
      expect(rma.lines.slice(1).map((l) => l.disposition)).not.toContain('RESTOCK');

      // the very next reads, through the gateway
      const x = await shelf(X);
      expect([x.onHand, x.availableToSell]).toEqual([before.x.onHand + 2, before.x.availableToSell + 2]);
      expect(await storefrontView(X)).toEqual({ total: before.xWeb.total + 2, atStore: before.xWeb.atStore + 2 });
      expect(await shelf(Y)).toEqual(before.y);
      expect(await storefrontView(Y)).toEqual(before.yWeb);
      // nothing else moved: the damaged X and the defective Y are not sellable anywhere
      const othersAfter = (await allPositions()).filter((p) => !(p.sku === X && p.locationId === store.id));
      expect(othersAfter).toEqual(others);
      // the restock is a RETURN movement with the RMA as its document
      const [last] = (await ledger().history({ sku: X, locationId: store.id }, 1)).movements;
      expect(last).toMatchObject({ reason: 'RETURN', delta: 2, sourceDocument: rma.id });
      const code = (sku: string) => t.platform.registry.localCode(sku, 'OMS');
      const returnedNow = new Map([[code(X), 3], [code(Y), 1]]);
      expect(await omsLines(shipped.orderId)).toEqual(shipped.lines.map((l) => [l.lineNo, l.fulfilledQty, returnedNow.get(l.sku)]));
    });

    it('gives every line its disposition with reasons and an expected recovery', async () => {
      const r = await gql(t.url, 'query($id: ID!) { rma(id: $id) { status lines { disposition expectedRecovery reasons alternatives { disposition } } } }', { id: rmas[0]!.id }, ops);
      expect(r.errors).toBeUndefined();
      // disposed, then refunded (no exchange was asked for)
      expect(r.data!.rma.status).toBe('REFUNDED');
      for (const l of r.data!.rma.lines) {
        expect(l.reasons.length).toBeGreaterThan(0);
        expect(Number.isFinite(l.expectedRecovery)).toBe(true);
        expect(l.alternatives.map((a: { disposition: string }) => a.disposition)).not.toContain(l.disposition);
      }
    });
  });

  describe('idempotency (createReturn)', () => {
    const input = () => ({ orderId: shipped.orderId, channel: 'DTC', returnLocationId: store.id, idempotencyKey: `ret-y-${process.pid}`, lines: [{ sku: Y, quantity: 1, condition: 'NEW' }] });

    it('the same key twice, then 20 at once: one RMA, one restock', async () => {
      const before = await shelf(Y);
      const returnedBefore = (await oms().getOrder(shipped.orderId))!.lines.reduce((n, l) => n + l.returnedQty, 0);
      const first = await createReturn(t.url, ops, input());
      expect(first.userErrors).toEqual([]);
      rmas.push(first.rma);
      expect(await createReturn(t.url, ops, input())).toEqual(first);
      const burst = await Promise.all(Array.from({ length: 20 }, () => createReturn(t.url, ops, input())));
      for (const a of burst) {
        if (a.rma) expect(a).toEqual(first);
        else expect(codes(a.userErrors)).toEqual(['IDEMPOTENCY_IN_FLIGHT']);
      }
      const after = await shelf(Y);
      expect(after.availableToSell).toBe(before.availableToSell + 1);
      expect((await oms().getOrder(shipped.orderId))!.lines.reduce((n, l) => n + l.returnedQty, 0)).toBe(returnedBefore + 1);
    });

    it('the same key with another return is refused with IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
      const positions = await allPositions();
      const lines = await omsLines(shipped.orderId);
      const posts = omsReturnPosts();
      const reused = await createReturn(t.url, ops, { ...input(), lines: [{ sku: X, quantity: 1, condition: 'NEW' }] });
      expect(reused.rma).toBeNull();
      expect(reused.userErrors).toEqual([expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: ['idempotencyKey'] })]);
      expect(await allPositions()).toEqual(positions);
      expect(await omsLines(shipped.orderId)).toEqual(lines);
      expect(omsReturnPosts()).toBe(posts);
    });
  });

  describe('refusals change nothing', () => {
    let positions: Position[];
    let lines: number[][];
    let posts: number;
    beforeEach(async () => {
      positions = await allPositions();
      lines = await omsLines(shipped.orderId);
      posts = omsReturnPosts();
    });
    afterEach(async () => {
      expect(await allPositions()).toEqual(positions);
      expect(await omsLines(shipped.orderId)).toEqual(lines);
      expect(omsReturnPosts()).toBe(posts);
    });
    const refusal = async (input: Record<string, unknown>) => {
      const a = await createReturn(t.url, ops, { orderId: shipped.orderId, channel: 'DTC', returnLocationId: store.id, ...input });
      expect(a.rma).toBeNull();
      return a.userErrors.map((e) => [e.code, e.field]);
    };

    it('over-return, counting earlier returns', async () => {
      // 4 X shipped, 3 back already: 2 more is one too many
      expect(await refusal({ lines: [{ sku: X, quantity: 2, condition: 'NEW' }] })).toEqual([['OVER_RETURN', ['lines', '0', 'quantity']]]);
      expect(await refusal({ lines: [{ sku: X, quantity: 1, condition: 'NEW' }, { sku: X, quantity: 1, condition: 'OPENED' }] }))
        .toEqual([['OVER_RETURN', ['lines', '1', 'quantity']]]);
    });

    it('unknown order', async () => {
      expect(await refusal({ orderId: 'OMS-999999', lines: [{ sku: X, quantity: 1, condition: 'NEW' }] })).toEqual([['UNKNOWN_ORDER', ['orderId']]]);
    });

    it('a SKU the order does not have, and a quantity of 0', async () => {
      expect((await refusal({ lines: [{ sku: Z, quantity: 1, condition: 'NEW' }, { sku: X, quantity: 0, condition: 'NEW' }] })).sort())
        .toEqual([['INVALID_QUANTITY', ['lines', '1', 'quantity']], ['UNKNOWN_SKU', ['lines', '0', 'sku']]]);
    });

    it('a line routed but not shipped', async () => {
      expect(await refusal({ orderId: unshipped.orderId, lines: [{ sku: Z, quantity: 1, condition: 'NEW' }] })).toEqual([['NOT_SHIPPED', ['lines', '0', 'quantity']]]);
      expect((await oms().getOrder(unshipped.orderId))!.lines.map((l) => l.returnedQty)).toEqual([0]);
    });

    it('the wrong channel for the order', async () => {
      expect(await refusal({ channel: 'RETAIL', lines: [{ sku: X, quantity: 1, condition: 'NEW' }] })).toEqual([['INVALID_INPUT', ['channel']]]);
    });
  });

  describe("orders the OMS took itself (its own history)", () => {
    /** historic web orders with a shipped, not yet returned line of a SKU the graph knows */
    const returnable = () => {
      const reg = t.platform.registry;
      return t.world.orders.flatMap((o) => o.channel !== 'web' ? [] : o.lines
        .filter((l) => l.fulfilledQty > l.returnedQty && reg.resolveSku('OMS', l.ecomSku) && ![X, Y, Z].includes(reg.resolveSku('OMS', l.ecomSku)!))
        .map((l) => ({ orderId: o.orderId, line: l, sku: reg.resolveSku('OMS', l.ecomSku)! })));
    };

    it('returned in a store through the graph, it is restocked once, also after the OMS event feed ran', async () => {
      const [h] = returnable();
      const before = await shelf(h.sku);
      const a = await createReturn(t.url, ops, { orderId: h.orderId, channel: 'DTC', returnLocationId: store.id, lines: [{ sku: h.sku, quantity: 1, condition: 'NEW' }] });
      expect(a.userErrors).toEqual([]);
      rmas.push(a.rma);
      expect((await shelf(h.sku)).availableToSell).toBe(before.availableToSell + 1);
      await t.pollOmsEvents();
      expect((await shelf(h.sku)).availableToSell).toBe(before.availableToSell + 1);
    });

    it('returned at the OMS directly, the event feed puts the NEW unit back where it came in, once', async () => {
      const h = returnable().find((x) => x.sku !== returnable()[0].sku)!;
      const before = await shelf(h.sku);
      const written = await oms().createReturn(
        { orderId: h.orderId, rmaRef: `OMS-DESK-${process.pid}`, plant: store.id, lines: [{ lineNo: h.line.lineNo, sku: h.line.ecomSku, qty: 1, condition: 'NEW' }] },
        `desk-${process.pid}`,
      );
      expect(written.ok).toBe(true);
      await t.pollOmsEvents();
      expect((await shelf(h.sku)).availableToSell).toBe(before.availableToSell + 1);
      await t.pollOmsEvents();
      expect((await shelf(h.sku)).availableToSell).toBe(before.availableToSell + 1);
    });
  });

  describe('measures', () => {
    it('returnMeasures over today shows the returns, their rate and yield', async () => {
      const r = await gql(t.url, 'query($d: Date!) { returnMeasures(from: $d, to: $d, channel: DTC) { returns returnRate dispositionYield } }', { d: today() }, ops);
      expect(r.errors).toBeUndefined();
      const m = r.data!.returnMeasures;
      expect(m.returns).toBe(rmas.length);
      // sold: units fulfilled on DTC orders created today, as the OMS has them
      const dayStart = Date.parse(`${today()}T00:00:00Z`);
      let sold = 0;
      for (const status of ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED'] as const) {
        for (const o of await oms().listOrders(status)) if (o.channel === 'DTC' && o.createdAt >= dayStart) sold += o.lines.reduce((n, l) => n + l.fulfilledQty, 0);
      }
      const returned = rmas.reduce((n, x) => n + x!.lines.reduce((k, l) => k + l.quantity, 0), 0);
      expect(m.returnRate).toBeCloseTo(returned / sold, 9);
      const world = t.world;
      const price = (sku: string) => world.items.find((i) => i.matnr === t.platform.registry.localCode(sku, 'ERP'))!.price;
      const original = rmas.flatMap((x) => x!.lines).reduce((n, l) => n + price(l.sku.id) * l.quantity, 0);
      const recovered = rmas.flatMap((x) => x!.lines).reduce((n, l) => n + l.expectedRecovery, 0);
      expect(m.dispositionYield).toBeCloseTo(recovered / original, 6);
    });
  });
});
