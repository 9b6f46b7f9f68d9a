/**
 * OmsClient: the only code that speaks the legacy OMS's dialect: snake_case JSON, nodes `N-<plant>`,
 * lower-case channels (web, store, …) and methods (ship, pickup), cursor paging, an event feed, and
 * an `Idempotency-Key` on every write. Nodes leave here as global plant codes, channels and methods
 * as domain enums (ship from a `D…` plant is SHIP_FROM_DC, from any other SHIP_FROM_STORE), times as
 * ms since epoch.
 *
 * Writes carry their key, so they are retried like reads; the OMS answers a replay with 200 and the
 * same result. A 409 (key reused with another body: `duplicate`), a 422 and a 404 on an order path
 * are business refusals returned as data in `OmsWriteResult`; legacy/omsRefusals.ts turns them
 * into userErrors.
 */
import type { z } from 'zod';
import type { Channel, FulfillmentMethod } from '@stockgraph/shared';
import type { LegacyClientOptions, LegacyResponse } from '@stockgraph/shared/http';
import { LegacyClient } from '@stockgraph/shared/http';
import { formatFailure, parseWire } from '@stockgraph/shared/http';
import { allocationsAnswer, errorAnswer, EVENT_TYPES, eventLine, eventOrderState, eventPayload, eventsPage, nodesAnswer, order, orderCreated, ordersPage, productsPage, REFUSALS, returnCreated } from './omsWire';
import {
  type OmsAllocation, type OmsCancelInput, type OmsOrderState, type OmsReallocationInput, type OmsEvent, type OmsEventPage, type OmsEventType, type OmsFulfilmentInput, type OmsNode, type OmsOrder,
  type OmsOrderInput, type OmsOrderStatus, type OmsProduct, type OmsRefusalCode, type OmsReturnInput, type OmsWriteResult,
} from './omsTypes';

export * from './omsTypes';

export type OmsClientOptions = LegacyClientOptions;

const SYSTEM = 'OMS';
const PAGE = 200;
const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const TO_WIRE_CHANNEL: Record<Channel, string> = { DTC: 'web', RETAIL: 'store', WHOLESALE: 'wholesale', MARKETPLACE: 'marketplace' };
const FROM_WIRE_CHANNEL: Record<string, Channel> = { web: 'DTC', store: 'RETAIL', wholesale: 'WHOLESALE', marketplace: 'MARKETPLACE' };

export class OmsClient extends LegacyClient {

  constructor(options: OmsClientOptions) {
    super(SYSTEM, options);
  }

  async listProducts(): Promise<OmsProduct[]> {
    const out: OmsProduct[] = [];
    for await (const pg of this.cursorPages('products', '/oms/v2/products', {}, productsPage)) {
      for (const p of pg.items) out.push({ sku: p.sku, gtin: p.gtin ?? null, title: p.title, active: p.active });
    }
    return out;
  }

  async listNodes(): Promise<OmsNode[]> {
    const answer = parseWire(SYSTEM, 'nodes', nodesAnswer, await this.http.getJson('nodes', '/oms/v2/nodes'));
    return answer.items.map((n) => ({
      nodeId: n.node_id,
      plant: plantOf(n.node_id),
      type: n.type === 'warehouse' ? 'DISTRIBUTION_CENTER' : 'STORE',
      name: n.name,
    }));
  }

  async createOrder(input: OmsOrderInput, idempotencyKey: string): Promise<OmsWriteResult<{ orderId: string; status: OmsOrderStatus }>> {
    const body = {
      external_id: input.externalId,
      channel: TO_WIRE_CHANNEL[input.channel],
      lines: input.lines.map((l) => ({
        line_no: l.lineNo,
        sku: l.sku,
        qty: l.qty,
        node_id: nodeOf(l.plant),
        method: l.method === 'PICKUP_IN_STORE' ? 'pickup' : 'ship',
        shipment_ref: l.shipmentRef,
      })),
      ship_to: input.shipTo ? { lat: input.shipTo.lat, lng: input.shipTo.lng } : null,
      pickup_node: input.pickupPlant ? nodeOf(input.pickupPlant) : null,
    };
    return this.write('create-order', '/oms/v2/orders', body, idempotencyKey, (json) => {
      const o = parseWire(SYSTEM, 'create-order', orderCreated, json);
      return { orderId: o.order_id, status: toStatus(o.status) };
    });
  }

  /** null when the OMS does not know the order (or the id could not be one of its ids). */
  async getOrder(orderId: string): Promise<OmsOrder | null> {
    if (!ORDER_ID.test(orderId)) return null;
    const res = await this.http.request({ op: 'order', path: `/oms/v2/orders/${encodeURIComponent(orderId)}`, passStatuses: [404] });
    if (res.status === 404) return null;
    return toOrder(parseWire(SYSTEM, 'order', order, json('order', res)));
  }

  async listOrders(status: OmsOrderStatus): Promise<OmsOrder[]> {
    const out: OmsOrder[] = [];
    for await (const pg of this.cursorPages('orders', '/oms/v2/orders', { status: status.toLowerCase() }, ordersPage)) {
      for (const o of pg.items) out.push(toOrder(o));
    }
    return out;
  }

  /** `order`: the order as it stands after, when the OMS sends it along */
  async createFulfilment(orderId: string, input: OmsFulfilmentInput, idempotencyKey: string): Promise<OmsWriteResult<{ orderId: string; order?: OmsOrder }>> {
    if (!ORDER_ID.test(orderId)) return { ok: false, refusal: 'unknown_order', detail: 'unknown_order' };
    const body = { shipment_ref: input.shipmentRef, lines: input.lines.map((l) => ({ line_no: l.lineNo, qty: l.qty })) };
    return this.write('fulfilment', `/oms/v2/orders/${encodeURIComponent(orderId)}/fulfilments`, body, idempotencyKey, (j) => {
      const after = order.safeParse((j as { order?: unknown } | undefined)?.order);
      return after.success ? { orderId, order: toOrder(after.data) } : { orderId };
    });
  }

  /** Cancels open units (some lines, or all); answers the order as it stands after. */
  async cancelOrder(orderId: string, idempotencyKey: string, input: OmsCancelInput = {}): Promise<OmsWriteResult<OmsOrder>> {
    if (!ORDER_ID.test(orderId)) return { ok: false, refusal: 'unknown_order', detail: 'unknown_order' };
    const body = input.lines || input.reason
      ? { ...(input.lines ? { lines: input.lines.map((l) => ({ line_no: l.lineNo, qty: l.qty })) } : {}), reason: input.reason ?? null }
      : undefined;
    return this.write('cancel', `/oms/v2/orders/${encodeURIComponent(orderId)}/cancel`, body, idempotencyKey, (j) => toOrder(parseWire(SYSTEM, 'cancel', order, j)));
  }

  /** Moves open units of a line to a new line (a short pick placed again elsewhere, or backordered). */
  async reallocate(orderId: string, input: OmsReallocationInput, idempotencyKey: string): Promise<OmsWriteResult<OmsOrder>> {
    if (!ORDER_ID.test(orderId)) return { ok: false, refusal: 'unknown_order', detail: 'unknown_order' };
    const body = {
      from_line_no: input.fromLineNo, qty: input.qty, line_no: input.lineNo, node_id: nodeOf(input.plant),
      method: input.method === 'PICKUP_IN_STORE' ? 'pickup' : 'ship', shipment_ref: input.shipmentRef,
    };
    return this.write('reallocate', `/oms/v2/orders/${encodeURIComponent(orderId)}/reallocations`, body, idempotencyKey, (j) => toOrder(parseWire(SYSTEM, 'reallocate', order, j)));
  }

  async createReturn(input: OmsReturnInput, idempotencyKey: string): Promise<OmsWriteResult<{ returnId: string }>> {
    const body = {
      order_id: input.orderId,
      rma_ref: input.rmaRef,
      node_id: nodeOf(input.plant),
      lines: input.lines.map((l) => ({ line_no: l.lineNo, sku: l.sku, qty: l.qty, condition: l.condition.toLowerCase() })),
    };
    return this.write('return', '/oms/v2/returns', body, idempotencyKey, (json) => ({
      returnId: parseWire(SYSTEM, 'return', returnCreated, json).return_id,
    }));
  }

  /** Unfulfilled order quantities per node: stock the OMS has promised away. */
  async listOpenAllocations(): Promise<OmsAllocation[]> {
    const answer = parseWire(SYSTEM, 'allocations', allocationsAnswer, await this.http.getJson('allocations', '/oms/v2/allocations', { status: 'open' }));
    return answer.items.map((a) => ({ orderId: a.order_id, lineNo: a.line_no, sku: a.sku, plant: plantOf(a.node_id), qty: a.qty }));
  }

  /** The event feed after sequence `after` (0 = from the start). */
  async readEvents(after: number, limit = 500): Promise<OmsEventPage> {
    if (!Number.isSafeInteger(after) || after < 0) throw new RangeError('after must be a sequence ≥ 0');
    const answer = parseWire(SYSTEM, 'events', eventsPage, await this.http.getJson('events', '/oms/v2/events', { after, limit }));
    const known = new Set<string>(EVENT_TYPES);
    const events: OmsEvent[] = answer.items
      .filter((e) => known.has(e.type))
      .map((e) => ({ seq: e.seq, type: e.type as OmsEventType, orderId: e.order_id, at: e.at, ...eventContent(e.payload), state: stateOf(e.payload) }));
    return { events, lastSeq: Math.max(answer.last_seq, after), more: answer.items.length >= limit, skipped: answer.items.length - events.length };
  }

  private async write<T>(
    op: string,
    path: string,
    body: object | undefined,
    idempotencyKey: string,
    read: (json: unknown) => T,
  ): Promise<OmsWriteResult<T>> {
    const res = await this.http.request({
      op,
      method: 'POST',
      path,
      body: body === undefined ? undefined : JSON.stringify(body),
      idempotencyKey,
      // a 404 means "no such order" only on an order's own path; elsewhere it is a real fault
      passStatuses: path.startsWith('/oms/v2/orders/') ? [404, 409, 422] : [409, 422],
    });
    if (res.status === 409) return { ok: false, refusal: 'duplicate', detail: 'idempotency_key_reused' };
    if (res.status === 404) return { ok: false, refusal: 'unknown_order', detail: 'unknown_order' };
    if (res.status === 422) {
      const code = parseWire(SYSTEM, op, errorAnswer, json(op, res)).error;
      const refusal: OmsRefusalCode = (REFUSALS as readonly string[]).includes(code) ? (code as OmsRefusalCode) : 'other';
      // the code is echoed only when it looks like one, never free text from the OMS
      return { ok: false, refusal, detail: /^[a-z_]{1,64}$/.test(code) ? code : 'other' };
    }
    const value = res.text.trim() === '' ? read(undefined) : read(json(op, res));
    return { ok: true, value, replayed: res.status === 200 };
  }

  private async *cursorPages<S extends typeof productsPage | typeof ordersPage>(
    op: string,
    path: string,
    query: Record<string, string>,
    schema: S,
  ): AsyncGenerator<z.output<S>> {
    const seen = new Set<string>();
    let cursor = '';
    for (;;) {
      const pg: z.output<S> = parseWire(SYSTEM, op, schema, await this.http.getJson(op, path, { ...query, cursor, limit: PAGE }));
      yield pg;
      const next = pg.next_cursor;
      if (!next) return;
      // a cursor that comes round again would page forever
      if (seen.has(next)) formatFailure(SYSTEM, op, 'cursor repeated');
      seen.add(next);
      cursor = next;
    }
  }
}

function json(op: string, res: LegacyResponse): unknown {
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    return formatFailure(SYSTEM, op, 'answer is not JSON');
  }
}

function plantOf(nodeId: string): string {
  return nodeId.slice(2);
}

function nodeOf(plant: string): string {
  if (!/^[A-Z0-9]{1,16}$/.test(plant)) throw new RangeError('plant must be an upper-case location code');
  return `N-${plant}`;
}

function toStatus(s: z.output<typeof order>['status']): OmsOrderStatus {
  return s.toUpperCase() as OmsOrderStatus;
}

function methodOf(method: 'ship' | 'pickup', plant: string): FulfillmentMethod {
  if (method === 'pickup') return 'PICKUP_IN_STORE';
  return plant.startsWith('D') ? 'SHIP_FROM_DC' : 'SHIP_FROM_STORE';
}

function toOrder(o: z.output<typeof order>): OmsOrder {
  return {
    orderId: o.order_id,
    externalId: o.external_id ?? null,
    channel: FROM_WIRE_CHANNEL[o.channel],
    status: toStatus(o.status),
    createdAt: o.created_at,
    lines: o.lines.map((l) => {
      const plant = plantOf(l.node_id);
      return {
        lineNo: l.line_no,
        sku: l.sku,
        qty: l.qty,
        plant,
        method: methodOf(l.method, plant),
        shipmentRef: l.shipment_ref ?? null,
        fulfilledQty: l.fulfilled_qty ?? 0,
        returnedQty: l.returned_qty ?? 0,
        cancelledQty: l.cancelled_qty ?? 0,
      };
    }),
  };
}

/** An event's payload as typed lines: a return names its node once, a fulfilment one per line. */
function eventContent(payload: unknown): Pick<OmsEvent, 'lines' | 'rmaRef'> {
  const p = eventPayload.parse(payload ?? {});
  const lines = p.lines.map((raw) => {
    const l = eventLine.parse(raw && typeof raw === 'object' ? raw : {});
    return { lineNo: l.line_no ?? 0, sku: l.sku ?? null, node: l.node_id ?? p.node_id ?? null, qty: l.qty ?? null, condition: l.condition?.toUpperCase() ?? null };
  });
  return { lines, rmaRef: p.rma_ref ?? null };
}

/** The order's state an event carries, or null when it has none (or one this client cannot read). */
function stateOf(payload: Record<string, unknown> | null | undefined): OmsOrderState | null {
  const parsed = eventOrderState.safeParse(payload ?? {});
  if (!parsed.success) return null;
  return {
    status: toStatus(parsed.data.status),
    lines: parsed.data.order_lines.map((l) => ({
      lineNo: l.line_no, qty: l.qty, plant: plantOf(l.node_id), shipmentRef: l.shipment_ref ?? null,
      fulfilledQty: l.fulfilled_qty, cancelledQty: l.cancelled_qty, returnedQty: l.returned_qty,
    })),
  };
}

/** An order's figures in the shape events carry them. */
export function orderState(o: OmsOrder): OmsOrderState {
  return {
    status: o.status,
    lines: o.lines.map((l) => ({ lineNo: l.lineNo, qty: l.qty, plant: l.plant, shipmentRef: l.shipmentRef, fulfilledQty: l.fulfilledQty, cancelledQty: l.cancelledQty, returnedQty: l.returnedQty })),
  };
}
