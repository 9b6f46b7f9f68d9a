import { userError, type Logger, type StockLedger, type UserError } from '@stockgraph/shared';
import type { OmsClient } from '../legacy/OmsClient';
import type { OrderStore, ShipmentRecord } from './OrderStore';
import { IDEMPOTENCY_KEY } from './validateRouteInput';

export interface ConfirmPayload { shipment: ShipmentRecord | null; userErrors: UserError[] }

/**
 * confirmFulfillment: a shipment left its location, or a pickup was made ready and then
 * collected. Leaving (or collection) is written to the OMS first, then the holds are consumed:
 * on hand goes down and the lines become returnable. Confirming twice changes nothing twice.
 */
export class FulfilmentService {
  constructor(private readonly d: { ledger: StockLedger; orders: OrderStore; oms: OmsClient; logger: Logger; pickupWindowMs: number; now?: () => number }) {}
  private now(): number { return (this.d.now ?? Date.now)(); }

  async confirm(input: { shipmentId: string; idempotencyKey?: string | null }): Promise<ConfirmPayload> {
    if (input.idempotencyKey != null && !IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
      return { shipment: null, userErrors: [userError('INVALID_INPUT', 'idempotencyKey: 1–128 letters, digits, . : _ -', ['idempotencyKey'])] };
    }
    const [s] = /^[\w.:-]{1,128}$/.test(input.shipmentId) ? await this.d.orders.shipments([input.shipmentId]) : [null];
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
      if (!l.reservationId) continue;
      const t = await this.d.ledger.consume(l.reservationId, now, s.id);
      if (!t.ok && t.reservation?.status !== 'CONSUMED') this.d.logger.warn({ shipment: s.id, reservation: l.reservationId, status: t.reservation?.status }, 'hold was not active at fulfilment');
    }
    const done: ShipmentRecord = { ...s, status: 'FULFILLED', fulfilledAt: now };
    await this.d.orders.saveShipment(done);
    if (s.method === 'PICKUP_IN_STORE') await this.d.orders.clearReady(s.id);
    return { shipment: done, userErrors: [] };
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
