import { HttpError, unprocessable } from '../common/HttpError';
import type { World } from '../generator/World';
import type { CancelBody, CreateOrderBody, FulfilmentBody, ReallocationBody, ReturnBody } from './omsSchemas';

export type OrderStatus = 'open' | 'partially_fulfilled' | 'fulfilled' | 'cancelled' | 'partially_cancelled';
export const ORDER_STATUSES: readonly OrderStatus[] = ['open', 'partially_fulfilled', 'fulfilled', 'cancelled', 'partially_cancelled'];

export interface OmsOrderLine {
  line_no: number; sku: string; qty: number; node_id: string; method: 'ship' | 'pickup';
  shipment_ref: string | null; fulfilled_qty: number; returned_qty: number; cancelled_qty: number;
}

export interface OmsOrder {
  order_id: string; external_id: string; channel: string; status: OrderStatus; created_at: string;
  ship_to: { lat: number; lng: number } | null; pickup_node: string | null; lines: OmsOrderLine[];
}

export type OmsEventType = 'order_created' | 'order_cancelled' | 'fulfilment_created' | 'return_created' | 'order_reallocated';
export interface OmsEvent { seq: number; type: OmsEventType; order_id: string; at: string; payload: Record<string, unknown> }

/** Units of a line neither shipped nor cancelled. */
const openQty = (l: OmsOrderLine) => l.qty - l.fulfilled_qty - l.cancelled_qty;

/** cancelled when every unit is; partially cancelled when some are; else by what shipped. */
export function statusOf(order: OmsOrder): OrderStatus {
  const total = order.lines.reduce((n, l) => n + l.qty, 0);
  const cancelled = order.lines.reduce((n, l) => n + l.cancelled_qty, 0);
  const fulfilled = order.lines.reduce((n, l) => n + l.fulfilled_qty, 0);
  if (cancelled >= total) return 'cancelled';
  if (cancelled > 0) return 'partially_cancelled';
  if (fulfilled >= total) return 'fulfilled';
  return fulfilled > 0 ? 'partially_fulfilled' : 'open';
}

const pad6 = (n: number) => String(n).padStart(6, '0');
export const orderNumber = (id: string) => Number(id.slice(4));

/**
 * The OMS's orders, their fulfilments, cancellations and returns, and the event journal.
 * Ids and event seqs only ever go up, across resets too: no client ever sees one reused.
 */
export class OrderBook {
  readonly orders = new Map<string, OmsOrder>();
  events: OmsEvent[] = [];
  private lastOrder = 0;
  private lastFulfilment = 0;
  private lastReturn = 0;
  private lastSeq = 0;

  constructor(private readonly world: World, private readonly knownSkus: Set<string>, private readonly knownNodes: Set<string>) {
    this.reset();
  }

  /** The seeded historic orders and their events (same seqs every time); counters carry on. */
  reset(): void {
    this.orders.clear();
    const seeded: Omit<OmsEvent, 'seq'>[] = [];
    this.world.orders.forEach((o, k) => {
      const order: OmsOrder = {
        order_id: o.orderId, external_id: o.externalId, channel: o.channel, status: o.status, created_at: o.createdAt,
        ship_to: o.shipTo ? { ...o.shipTo } : null, pickup_node: o.pickupNode,
        lines: o.lines.map((l) => ({
          line_no: l.lineNo, sku: l.ecomSku, qty: l.qty, node_id: l.nodeId, method: l.method,
          shipment_ref: l.shipmentRef, fulfilled_qty: l.fulfilledQty, returned_qty: l.returnedQty, cancelled_qty: 0,
        })),
      };
      this.orders.set(order.order_id, order);
      seeded.push({ type: 'order_created', order_id: order.order_id, at: o.createdAt, payload: this.snapshot(order) });
      seeded.push({
        type: 'fulfilment_created', order_id: order.order_id, at: o.fulfilledAt,
        payload: { fulfilment_id: 'FUL-' + pad6(k + 1), shipment_ref: order.lines[0]?.shipment_ref ?? null, lines: order.lines.map((l) => ({ line_no: l.line_no, sku: l.sku, node_id: l.node_id, qty: l.fulfilled_qty })) },
      });
    });
    seeded.sort((a, b) => a.at.localeCompare(b.at));
    this.events = seeded.map((e, i) => ({ seq: i + 1, ...e }));
    this.lastSeq = Math.max(this.lastSeq, this.events.length);
    this.lastOrder = Math.max(this.lastOrder, this.world.orders.length);
    this.lastFulfilment = Math.max(this.lastFulfilment, this.world.orders.length);
  }

  create(body: CreateOrderBody): OmsOrder {
    for (const l of body.lines) {
      if (!this.knownSkus.has(l.sku)) throw unprocessable('unknown_sku', `sku ${l.sku} unknown`);
      if (!this.knownNodes.has(l.node_id)) throw unprocessable('unknown_node', `node ${l.node_id} unknown`);
    }
    if (body.pickup_node && !this.knownNodes.has(body.pickup_node)) throw unprocessable('unknown_node', `node ${body.pickup_node} unknown`);
    const order: OmsOrder = {
      order_id: 'OMS-' + pad6(++this.lastOrder), external_id: body.external_id, channel: body.channel, status: 'open',
      created_at: new Date().toISOString(), ship_to: body.ship_to ?? null, pickup_node: body.pickup_node ?? null,
      lines: body.lines.map((l) => ({ ...l, shipment_ref: l.shipment_ref ?? null, fulfilled_qty: 0, returned_qty: 0, cancelled_qty: 0 })),
    };
    this.orders.set(order.order_id, order);
    this.emit('order_created', order.order_id, this.snapshot(order));
    return order;
  }

  fulfil(order: OmsOrder, body: FulfilmentBody): Record<string, unknown> {
    if (order.status === 'cancelled') throw unprocessable('order_cancelled', `${order.order_id} is cancelled`);
    const picked = body.lines.map((f) => {
      const line = order.lines.find((l) => l.line_no === f.line_no);
      if (!line) throw unprocessable('unknown_line', `line ${f.line_no} not on ${order.order_id}`);
      if (f.qty > openQty(line)) throw unprocessable('over_fulfilment', `line ${f.line_no}: only ${openQty(line)} open`);
      return { line, qty: f.qty };
    });
    for (const p of picked) p.line.fulfilled_qty += p.qty;
    order.status = statusOf(order);
    const fulfilment = {
      fulfilment_id: 'FUL-' + pad6(++this.lastFulfilment), order_id: order.order_id, shipment_ref: body.shipment_ref,
      lines: picked.map((p) => ({ line_no: p.line.line_no, sku: p.line.sku, node_id: p.line.node_id, qty: p.qty })),
    };
    this.emit('fulfilment_created', order.order_id, { fulfilment_id: fulfilment.fulfilment_id, shipment_ref: body.shipment_ref, lines: fulfilment.lines, ...this.state(order) });
    return { ...fulfilment, status: order.status, order };
  }

  /**
   * Cancels the open units of some lines (`lines`), or of every line. A line's shipped units
   * cannot be cancelled: asking for more than is open is `not_cancellable` when the rest shipped,
   * `over_cancel` otherwise. Cancelling an order with nothing open is `not_cancellable` when it
   * shipped, a no-op when it is cancelled already.
   */
  cancel(order: OmsOrder, body: CancelBody = {}): OmsOrder {
    const wanted = body.lines ?? order.lines.filter((l) => openQty(l) > 0).map((l) => ({ line_no: l.line_no, qty: openQty(l) }));
    if (!body.lines && wanted.length === 0) {
      if (order.status === 'cancelled') return order;
      throw unprocessable('not_cancellable', `${order.order_id} has nothing open to cancel`);
    }
    const picked = wanted.map((c) => {
      const line = order.lines.find((l) => l.line_no === c.line_no);
      if (!line) throw unprocessable('unknown_line', `line ${c.line_no} not on ${order.order_id}`);
      if (c.qty > openQty(line)) {
        throw unprocessable(line.fulfilled_qty > 0 ? 'not_cancellable' : 'over_cancel', `line ${c.line_no}: only ${openQty(line)} open`);
      }
      return { line, qty: c.qty };
    });
    for (const p of picked) p.line.cancelled_qty += p.qty;
    order.status = statusOf(order);
    const released = picked.map((p) => ({ line_no: p.line.line_no, sku: p.line.sku, node_id: p.line.node_id, qty: p.qty }));
    this.emit('order_cancelled', order.order_id, { released, reason: body.reason ?? null, ...this.state(order) });
    return order;
  }

  /**
   * Moves open units of a line to a new line (another node, or a backorder at the same one):
   * what a short pick leaves is placed again without cancelling what the customer ordered.
   */
  reallocate(order: OmsOrder, body: ReallocationBody): OmsOrder {
    if (order.status === 'cancelled') throw unprocessable('order_cancelled', `${order.order_id} is cancelled`);
    const from = order.lines.find((l) => l.line_no === body.from_line_no);
    if (!from) throw unprocessable('unknown_line', `line ${body.from_line_no} not on ${order.order_id}`);
    if (body.qty > openQty(from)) throw unprocessable('over_reallocation', `line ${from.line_no}: only ${openQty(from)} open`);
    if (order.lines.some((l) => l.line_no === body.line_no)) throw unprocessable('duplicate_line', `line ${body.line_no} exists`);
    if (!this.knownNodes.has(body.node_id)) throw unprocessable('unknown_node', `node ${body.node_id} unknown`);
    from.qty -= body.qty;
    order.lines.push({
      line_no: body.line_no, sku: from.sku, qty: body.qty, node_id: body.node_id, method: body.method ?? from.method,
      shipment_ref: body.shipment_ref, fulfilled_qty: 0, returned_qty: 0, cancelled_qty: 0,
    });
    order.status = statusOf(order);
    this.emit('order_reallocated', order.order_id, { from_line_no: from.line_no, line_no: body.line_no, qty: body.qty, node_id: body.node_id, ...this.state(order) });
    return order;
  }

  createReturn(body: ReturnBody): Record<string, unknown> {
    const order = this.orders.get(body.order_id);
    if (!order) throw unprocessable('unknown_order', `order ${body.order_id} unknown`);
    if (!this.knownNodes.has(body.node_id)) throw unprocessable('unknown_node', `node ${body.node_id} unknown`);
    const wanted = new Map<OmsOrderLine, number>();
    for (const r of body.lines) {
      const line = order.lines.find((l) => l.line_no === r.line_no && l.sku === r.sku);
      if (!line) throw unprocessable('unknown_line', `line ${r.line_no} (${r.sku}) not on ${order.order_id}`);
      if (line.fulfilled_qty === 0) throw unprocessable('not_fulfilled', `line ${r.line_no} has not shipped`);
      wanted.set(line, (wanted.get(line) ?? 0) + r.qty);
    }
    for (const [line, qty] of wanted) {
      if (qty > line.fulfilled_qty - line.returned_qty) throw unprocessable('over_return', `line ${line.line_no}: only ${line.fulfilled_qty - line.returned_qty} returnable`);
    }
    for (const [line, qty] of wanted) line.returned_qty += qty;
    const ret = {
      return_id: 'RET-' + pad6(++this.lastReturn), order_id: order.order_id, rma_ref: body.rma_ref, node_id: body.node_id,
      created_at: new Date().toISOString(), lines: body.lines,
    };
    this.emit('return_created', order.order_id, { return_id: ret.return_id, rma_ref: ret.rma_ref, node_id: ret.node_id, lines: ret.lines, ...this.state(order) });
    return ret;
  }

  get(orderId: string): OmsOrder {
    const order = this.orders.get(orderId);
    if (!order) throw new HttpError(404, 'unknown_order', `order ${orderId} unknown`);
    return order;
  }

  allocations(): { order_id: string; line_no: number; sku: string; node_id: string; qty: number }[] {
    const out = [];
    for (const o of this.orders.values()) {
      if (o.status === 'cancelled' || o.status === 'fulfilled') continue;
      for (const l of o.lines) if (openQty(l) > 0) out.push({ order_id: o.order_id, line_no: l.line_no, sku: l.sku, node_id: l.node_id, qty: openQty(l) });
    }
    return out;
  }

  eventsAfter(after: number, limit: number): { items: OmsEvent[]; last_seq: number } {
    const start = this.events.findIndex((e) => e.seq > after);
    const items = start < 0 ? [] : this.events.slice(start, start + limit);
    return { items, last_seq: items.length > 0 ? (items[items.length - 1] as OmsEvent).seq : after };
  }

  private snapshot(order: OmsOrder): Record<string, unknown> {
    return {
      external_id: order.external_id, channel: order.channel, ship_to: order.ship_to, pickup_node: order.pickup_node,
      lines: order.lines.map((l) => ({ line_no: l.line_no, sku: l.sku, qty: l.qty, node_id: l.node_id, method: l.method, shipment_ref: l.shipment_ref })),
    };
  }

  /** The order as it stands after an event: its status and every line's counts (events carry absolute figures). */
  private state(order: OmsOrder): Record<string, unknown> {
    return {
      status: order.status,
      order_lines: order.lines.map((l) => ({ line_no: l.line_no, qty: l.qty, node_id: l.node_id, shipment_ref: l.shipment_ref, fulfilled_qty: l.fulfilled_qty, cancelled_qty: l.cancelled_qty, returned_qty: l.returned_qty })),
    };
  }

  private emit(type: OmsEventType, orderId: string, payload: Record<string, unknown>): void {
    this.events.push({ seq: ++this.lastSeq, type, order_id: orderId, at: new Date().toISOString(), payload });
  }
}
