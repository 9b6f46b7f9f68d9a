import { userError, type KeyValueStore, type Logger, type StockLedger, type UserError } from '@stockgraph/shared';
import { publishDemand, utcDate } from '@stockgraph/shared/feeds';
import { idempotencyKeyError, KEY_PATTERN } from '@stockgraph/shared/validation';
import { orderState, type OmsClient } from '../legacy/OmsClient';
import { omsRefusal } from '../legacy/omsRefusals';
import type { OrderSettler } from './OrderSettler';
import { openUnits, type OrderStore, type ShipmentRecord } from './OrderStore';
import type { ShortPickRouter } from './ShortPickRouter';

export interface ConfirmPayload { shipment: ShipmentRecord | null; userErrors: UserError[] }
export interface ConfirmInput { shipmentId: string; lines?: { sku: string; quantity: number }[] | null; idempotencyKey?: string | null }

/**
 * confirmFulfillment: a shipment left its location, or a pickup was collected (one confirm; a
 * pickup may first be marked ready with readyForPickup). Written to the OMS first, then settled:
 * the held stock is consumed and the lines become returnable. Fewer units than planned (`lines`)
 * is a short pick: what was not picked is placed again elsewhere, or backordered, never dropped.
 * Confirming twice changes nothing twice.
 */
export class FulfilmentService {
  constructor(private readonly d: {
    ledger: StockLedger; orders: OrderStore; oms: OmsClient; logger: Logger; pickupWindowMs: number; settler: OrderSettler;
    shortPicks: ShortPickRouter; now?: () => number; demandKv?: KeyValueStore;
  }) {}
  private now(): number { return (this.d.now ?? Date.now)(); }

  private async load(shipmentId: string, key?: string | null): Promise<ShipmentRecord | UserError> {
    const keyError = idempotencyKeyError(key);
    if (keyError) return keyError;
    const [s] = KEY_PATTERN.test(shipmentId) ? await this.d.orders.shipments([shipmentId]) : [null];
    return s ?? userError('UNKNOWN_SHIPMENT', 'Unknown shipment', ['shipmentId']);
  }

  async confirm(input: ConfirmInput): Promise<ConfirmPayload> {
    const s = await this.load(input.shipmentId, input.idempotencyKey);
    if ('code' in s) return { shipment: null, userErrors: [s] };
    if (s.status === 'FULFILLED') {
      // a retry after a crash between settling and publishing: the demand facts go out (again, once by source id)
      await this.publishShipped(s, s.fulfilledAt ?? this.now());
      return { shipment: s, userErrors: [] };
    }
    if (s.status === 'CANCELLED') return { shipment: s, userErrors: [userError('SHIPMENT_NOT_OPEN', 'The shipment was cancelled', ['shipmentId'])] };
    const received = await this.receivedBackorders(s);
    const waiting = s.lines.filter((l) => l.backorder && !received.has(l.omsLineNo)).reduce((n, l) => n + openUnits(l), 0);
    if (waiting > 0) return { shipment: s, userErrors: [userError('BACKORDER_NOT_RECEIVED', `${waiting} backordered unit(s) of this shipment have not been received yet`, ['shipmentId'])] };
    const picked = this.picked(s, input.lines ?? null, received);
    if ('code' in picked) return { shipment: s, userErrors: [picked] };
    const shipping = picked.filter((p) => p.qty > 0);
    const key = input.idempotencyKey ? `fulfil:${input.idempotencyKey}` : `fulfil:${s.id}:${picked.map((p) => p.qty).join('.')}`;
    let state = null;
    if (shipping.length > 0) {
      const written = await this.d.oms.createFulfilment(s.orderId, { shipmentRef: s.id, lines: shipping.map((p) => ({ lineNo: p.lineNo, qty: p.qty })) }, key);
      if (!written.ok) return { shipment: s, userErrors: [omsRefusal(written, 'fulfilment', ['shipmentId'])] };
      state = written.value.order ? orderState(written.value.order) : null;
    }
    const short = picked.filter((p) => p.qty < p.open);
    // what was not picked goes to another location, or waits as a backorder, before the answer
    for (const p of short) state = (await this.d.shortPicks.placeAgain(s, p.lineNo, p.open - p.qty)) ?? state;
    const fresh = state ?? (await this.omsState(s.orderId));
    if (fresh) await this.d.settler.settle(s.orderId, fresh);
    const [done] = await this.d.orders.shipments([s.id]);
    if (done?.status === 'FULFILLED') await this.publishShipped(done, this.now());
    return { shipment: done ?? s, userErrors: [] };
  }

  /** A pickup is at the counter: the customer may collect it until the pickup window closes. */
  async ready(input: { shipmentId: string; idempotencyKey?: string | null }): Promise<ConfirmPayload> {
    const s = await this.load(input.shipmentId, input.idempotencyKey);
    if ('code' in s) return { shipment: null, userErrors: [s] };
    if (s.method !== 'PICKUP_IN_STORE') return { shipment: s, userErrors: [userError('INVALID_SHIPMENT_STATE', 'Only a pickup can be ready for pickup', ['shipmentId'])] };
    if (s.status === 'READY_FOR_PICKUP') return { shipment: s, userErrors: [] };
    if (s.status !== 'PLANNED') return { shipment: s, userErrors: [userError('INVALID_SHIPMENT_STATE', `The shipment is ${s.status}`, ['shipmentId'])] };
    const now = this.now();
    const ready: ShipmentRecord = { ...s, status: 'READY_FOR_PICKUP', readyAt: now, collectBy: now + this.d.pickupWindowMs };
    await this.d.orders.saveShipment(ready);
    await this.d.orders.markReady(ready.id, ready.collectBy!);
    return { shipment: ready, userErrors: [] };
  }

  /**
   * Backorder lines (by OMS line number) whose stock was received: their hold became an on-hand
   * hold (fillBackorders). One with no hold (a short pick backordered) was never promised supply.
   */
  private async receivedBackorders(s: ShipmentRecord): Promise<Set<number>> {
    const lines = s.lines.filter((l) => l.backorder && l.reservationId);
    if (lines.length === 0) return new Set();
    const found = await this.d.ledger.getReservations(lines.map((l) => l.reservationId!));
    return new Set(lines.filter((_, i) => { const r = found[i]; return r && !r.backorder && (r.status === 'ACTIVE' || r.status === 'CONSUMED'); }).map((l) => l.omsLineNo));
  }

  /** Units picked per line: all open units, or as `lines` says (each SKU's units fill its lines in order). */
  private picked(s: ShipmentRecord, lines: { sku: string; quantity: number }[] | null, received: ReadonlySet<number>): { lineNo: number; qty: number; open: number }[] | UserError {
    const open = s.lines.map((l) => ({ lineNo: l.omsLineNo, sku: l.sku, open: l.backorder && !received.has(l.omsLineNo) ? 0 : openUnits(l) }));
    if (!lines) return open.map((o) => ({ lineNo: o.lineNo, qty: o.open, open: o.open }));
    const want = new Map<string, number>();
    for (const [i, l] of lines.entries()) {
      if (!Number.isInteger(l.quantity) || l.quantity < 0 || l.quantity > 10_000) return userError('INVALID_QUANTITY', 'Quantity must be a whole number from 0 to 10000', ['lines', i, 'quantity']);
      if (!s.lines.some((x) => x.sku === l.sku)) return userError('UNKNOWN_SKU', 'The shipment has no line of this SKU', ['lines', i, 'sku']);
      want.set(l.sku, (want.get(l.sku) ?? 0) + l.quantity);
    }
    for (const [sku, n] of want) {
      const avail = open.filter((o) => o.sku === sku).reduce((a, o) => a + o.open, 0);
      if (n > avail) return userError('OVER_FULFILMENT', `${n} units of ${sku} asked, ${avail} open on the shipment`, ['lines']);
    }
    return open.map((o) => {
      const q = Math.min(o.open, want.get(o.sku) ?? 0);
      want.set(o.sku, (want.get(o.sku) ?? 0) - q);
      return { lineNo: o.lineNo, qty: q, open: o.open };
    });
  }

  private async omsState(orderId: string) {
    const o = await this.d.oms.getOrder(orderId);
    return o ? orderState(o) : null;
  }

  /** Shipped lines are demand at the shipping location, in the order's channel (planning). */
  private async publishShipped(s: ShipmentRecord, now: number): Promise<void> {
    if (!this.d.demandKv) return;
    const order = await this.d.orders.order(s.orderId);
    if (!order) return;
    // source id per shipment line: published again (a confirm retried after a crash) it counts once
    for (const [i, l] of s.lines.entries()) {
      if (!l.fulfilled) continue;
      await publishDemand(this.d.demandKv, { sku: l.sku, locationId: s.locationId, date: utcDate(now), quantity: l.fulfilled, channel: order.channel, orderId: s.orderId, shipmentId: s.id }, `ship:${s.id}:${i}`);
    }
  }

  /** A pickup not collected in time is cancelled in the OMS and its stock returns. */
  async expirePickups(): Promise<number> {
    const now = this.now();
    let expired = 0;
    for (const s of await this.d.orders.shipments(await this.d.orders.duePickups(now))) {
      if (!s || s.status !== 'READY_FOR_PICKUP' || s.collectBy === null || s.collectBy > now) continue;
      const lines = s.lines.filter((l) => openUnits(l) > 0).map((l) => ({ lineNo: l.omsLineNo, qty: openUnits(l) }));
      const written = lines.length ? await this.d.oms.cancelOrder(s.orderId, `expire:${s.id}`, { lines, reason: 'not collected' }) : null;
      if (written && !written.ok) {
        this.d.logger.warn({ shipment: s.id, refusal: written.detail }, 'the OMS refused to cancel an uncollected pickup');
        continue;
      }
      if (written?.ok) await this.d.settler.settle(s.orderId, orderState(written.value));
      await this.d.orders.clearReady(s.id);
      expired++;
    }
    return expired;
  }
}
