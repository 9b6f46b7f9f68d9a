import { userError, type KeyValueStore, type Logger, type StockLedger, type UserError } from '@stockgraph/shared';
import { publishDemand, utcDate } from '@stockgraph/shared/feeds/DemandEvents';
import type { OmsClient } from '../legacy/OmsClient';
import type { OrderStore, ShipmentRecord } from './OrderStore';
import { idempotencyKeyError, KEY_PATTERN } from '@stockgraph/shared/validation';

export interface ConfirmPayload { shipment: ShipmentRecord | null; userErrors: UserError[] }

/**
 * confirmFulfillment: a shipment left its location, or a pickup was made ready and then
 * collected. Leaving (or collection) is written to the OMS first, then the holds are consumed:
 * on hand goes down and the lines become returnable. Confirming twice changes nothing twice.
 */
export class FulfilmentService {
  constructor(private readonly d: { ledger: StockLedger; orders: OrderStore; oms: OmsClient; logger: Logger; pickupWindowMs: number; now?: () => number; demandKv?: KeyValueStore }) {}
  private now(): number { return (this.d.now ?? Date.now)(); }

  async confirm(input: { shipmentId: string; idempotencyKey?: string | null }): Promise<ConfirmPayload> {
    const keyError = idempotencyKeyError(input.idempotencyKey);
    if (keyError) return { shipment: null, userErrors: [keyError] };
    const [s] = KEY_PATTERN.test(input.shipmentId) ? await this.d.orders.shipments([input.shipmentId]) : [null];
    if (!s) return { shipment: null, userErrors: [userError('UNKNOWN_SHIPMENT', 'Unknown shipment', ['shipmentId'])] };
    if (s.status === 'FULFILLED') return { shipment: s, userErrors: [] };
    if (s.status === 'CANCELLED') return { shipment: s, userErrors: [userError('SHIPMENT_NOT_OPEN', 'The shipment was cancelled', ['shipmentId'])] };
    const now = this.now();
    if (s.method === 'PICKUP_IN_STORE' && s.status === 'PLANNED') {
      const ready: ShipmentRecord = { ...s, status: 'READY_FOR_PICKUP', readyAt: now, collectBy: now + this.d.pickupWindowMs };
      await this.d.orders.saveShipment(ready);
      await this.d.orders.markReady(ready.id, ready.collectBy!);
      return { shipment: ready, userErrors: [] };
    }
    const written = await this.d.oms.createFulfilment(
      s.orderId,
      { shipmentRef: s.id, lines: s.lines.map((l) => ({ lineNo: l.omsLineNo, qty: l.quantity })) },
      input.idempotencyKey ?? `fulfil:${s.id}`,
    );
    if (!written.ok) return { shipment: s, userErrors: [userError('SHIPMENT_NOT_OPEN', `The OMS refused the fulfilment: ${written.refusal}`, ['shipmentId'])] };
    for (const l of s.lines) {
      if (l.backorder) continue;
      if (l.reservationId) {
        const t = await this.d.ledger.consume(l.reservationId, now, s.id);
        if (t.ok || t.reservation?.status === 'CONSUMED') continue;
        this.d.logger.warn({ shipment: s.id, reservation: l.reservationId, status: t.reservation?.status }, 'hold was not active at fulfilment');
      }
      // No hold to consume (it lapsed, or the line was never held): the units left all the same.
      // The event id makes a second confirm of the same line a duplicate.
      await this.d.ledger.applyMovement({
        sku: l.sku, locationId: s.locationId, reason: 'FULFILLMENT', delta: -l.quantity, source: 'LEDGER',
        sourceEventId: `ship:${s.id}:${l.omsLineNo}`, sourceDocument: s.id, at: now,
      });
    }
    const done: ShipmentRecord = { ...s, status: 'FULFILLED', fulfilledAt: now };
    await this.d.orders.saveShipment(done);
    if (s.method === 'PICKUP_IN_STORE') await this.d.orders.clearReady(s.id);
    await this.publishShipped(done, now);
    return { shipment: done, userErrors: [] };
  }

  /** Shipped lines are demand at the shipping location, in the order's channel (planning). */
  private async publishShipped(s: ShipmentRecord, now: number): Promise<void> {
    if (!this.d.demandKv) return;
    const order = await this.d.orders.order(s.orderId);
    if (!order) return;
    for (const [i, l] of s.lines.entries()) {
      await publishDemand(this.d.demandKv, { sku: l.sku, locationId: s.locationId, date: utcDate(now), quantity: l.quantity, channel: order.channel, orderId: s.orderId, shipmentId: s.id }, `ship:${s.id}:${i}`);
    }
  }

  /** A pickup not collected in time is cancelled and its stock returns. */
  async expirePickups(): Promise<number> {
    const now = this.now();
    let expired = 0;
    for (const s of await this.d.orders.shipments(await this.d.orders.duePickups(now))) {
      if (!s || s.status !== 'READY_FOR_PICKUP' || s.collectBy === null || s.collectBy > now) continue;
      for (const l of s.lines) if (l.reservationId) await this.d.ledger.release(l.reservationId, now);
      await this.d.oms.cancelOrder(s.orderId, `expire:${s.id}`).catch((err) => this.d.logger.warn({ err: (err as Error).message, shipment: s.id }, 'OMS cancel failed'));
      await this.d.orders.saveShipment({ ...s, status: 'CANCELLED' });
      await this.d.orders.clearReady(s.id);
      expired++;
    }
    return expired;
  }
}
