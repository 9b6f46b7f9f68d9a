import { randomUUID } from 'node:crypto';
import type { Logger, Reservation, StockLedger } from '@stockgraph/shared';
import type { OmsOrderState } from '../legacy/OmsClient';
import { openUnits, type OrderRecord, type OrderStore, type ShipmentLineRecord, type ShipmentRecord } from './OrderStore';

export interface Settled { order: OrderRecord; shipments: ShipmentRecord[] }

/**
 * Brings a routed order's records and holds in line with what the OMS (the system of record)
 * reports: units shipped leave on hand, units cancelled or moved to another line give their hold
 * back, the order takes the OMS's status and each shipment the status its lines add up to.
 *
 * The OMS reports absolute figures (after the event), and a line only ever gains shipped and
 * cancelled units, so settling twice, late, or from a replayed event changes nothing twice: the
 * mutations settle from the OMS's answer at once, the event feed settles again from the journal
 * (which also catches what was done in the OMS directly, or what a crash left unsettled).
 */
export class OrderSettler {
  constructor(private readonly d: { ledger: StockLedger; orders: OrderStore; logger: Logger; holdTtlMs: number; now?: () => number }) {}
  private now(): number { return (this.d.now ?? Date.now)(); }

  async settle(orderId: string, state: OmsOrderState, extra: { addShipments?: ShipmentRecord[] } = {}): Promise<Settled | null> {
    return this.d.orders.withOrderLock(orderId, async () => {
      const order = await this.d.orders.order(orderId);
      if (!order) return null;
      const known = new Set(order.shipmentIds);
      for (const s of extra.addShipments ?? []) {
        if (known.has(s.id)) continue;
        order.shipmentIds.push(s.id);
        await this.d.orders.saveShipment(s);
      }
      const shipments = (await this.d.orders.shipments(order.shipmentIds)).filter((s): s is ShipmentRecord => s !== null);
      const byLine = new Map(state.lines.map((l) => [l.lineNo, l]));
      const older = isOlder(byLine, shipments);
      const now = this.now();
      for (const s of shipments) {
        for (const l of s.lines) {
          const o = byLine.get(l.omsLineNo);
          if (o) await this.settleLine(order, s, l, { quantity: o.qty, fulfilled: o.fulfilledQty, cancelled: o.cancelledQty }, now);
        }
        const open = s.lines.some((l) => openUnits(l) > 0);
        if (!open && s.status !== 'FULFILLED' && s.status !== 'CANCELLED') {
          const shipped = s.lines.some((l) => (l.fulfilled ?? 0) > 0);
          s.status = shipped ? 'FULFILLED' : 'CANCELLED';
          if (shipped) s.fulfilledAt = now;
          if (s.method === 'PICKUP_IN_STORE') await this.d.orders.clearReady(s.id);
        }
      }
      // The answers of two changes written to the OMS one after the other can reach this lock in
      // either order (and the event feed replays old figures): the lines above only ever gain
      // units, and the status of a report older than what they already hold is older too.
      if (!older) order.status = state.status;
      await this.d.orders.updateOrder(order, shipments);
      if (shipments.every((s) => s.status === 'FULFILLED' || s.status === 'CANCELLED')) await this.d.orders.closeOrder(order.id);
      return { order, shipments };
    });
  }

  private async settleLine(order: OrderRecord, s: ShipmentRecord, l: ShipmentLineRecord, oms: { quantity: number; fulfilled: number; cancelled: number }, now: number): Promise<void> {
    // units the OMS moved to another line (a short pick placed again) are that line's now
    if (oms.quantity < l.quantity) l.quantity = oms.quantity;
    const before = l.fulfilled ?? 0;
    const shipped = Math.max(0, oms.fulfilled - before);
    l.cancelled = Math.max(l.cancelled ?? 0, oms.cancelled);
    if (shipped > 0) {
      l.fulfilled = oms.fulfilled;
      // a backorder line ships only once its stock was received (confirmFulfillment checks)
      await this.ship(s, l, shipped, before, now);
    }
    await this.holdOpenUnits(order, s, l, now);
  }

  /** Units that left: the hold is consumed when it is exactly them, else on hand drops by them. */
  private async ship(s: ShipmentRecord, l: ShipmentLineRecord, units: number, before: number, now: number): Promise<void> {
    const [r] = l.reservationId ? await this.d.ledger.getReservations([l.reservationId]) : [null];
    if (r && r.status === 'ACTIVE' && r.quantity === units && openUnits(l) === 0) {
      const t = await this.d.ledger.consume(r.id, now, s.id);
      if (t.ok || t.reservation?.status === 'CONSUMED') return;
    }
    if (r?.status === 'CONSUMED' && before === 0 && units === l.quantity) return;
    // The event id names the line's shipped figure reached, so the same figure reported twice
    // (by the mutation and the event feed, or again after a crash) is a duplicate.
    // on hand drops first, the hold shrinks after: in between the units count twice (never oversold)
    await this.d.ledger.applyMovement({
      sku: l.sku, locationId: s.locationId, reason: 'FULFILLMENT', delta: -units, source: 'LEDGER',
      sourceEventId: `ship:${s.id}:${l.omsLineNo}:${before + units}`,
      sourceDocument: s.id, at: now,
    });
  }

  /**
   * The line's hold covers its open units: released when none are left, replaced by a smaller one
   * when fewer are (the new one taken before the old goes, so the open units are never unheld),
   * taken when a line has open units and no hold (a line placed again elsewhere).
   */
  private async holdOpenUnits(order: OrderRecord, s: ShipmentRecord, l: ShipmentLineRecord, now: number): Promise<void> {
    if (l.releasing) {
      await this.d.ledger.release(l.releasing, now);
      l.releasing = null;
    }
    const [r] = l.reservationId ? await this.d.ledger.getReservations([l.reservationId]) : [null];
    // a backorder's hold is its promise of incoming supply: kept until the line has nothing open
    if (l.backorder && r) {
      if (r.status === 'ACTIVE' && openUnits(l) === 0) await this.d.ledger.release(r.id, now);
      return;
    }
    const want = l.backorder ? 0 : openUnits(l);
    const held = r?.status === 'ACTIVE' ? r.quantity : 0;
    if (held === want) return;
    if (want === 0 || (held > 0 && held < want)) {
      if (r && held > 0) await this.d.ledger.release(r.id, now);
      if (want === 0) return;
    }
    const taken = await this.take(order, s, l, want, r, now);
    if (taken && r && held > want) {
      // the replacement is recorded before the old hold goes: a crash in between leaves `releasing`
      l.releasing = r.id;
      l.reservationId = taken.id;
      await this.d.orders.saveShipment(s);
      await this.d.ledger.release(r.id, now);
      l.releasing = null;
      return;
    }
    if (!taken && r && held > want) {
      // no room for the new hold beside the old: the old goes first, then the smaller one is taken
      await this.d.ledger.release(r.id, now);
      const again = await this.take(order, s, l, want, r, now);
      l.reservationId = again?.id ?? null;
      if (!again) this.d.logger.warn({ order: order.id, shipment: s.id, sku: l.sku }, 'open units could not be held again: the reconciler will try');
      return;
    }
    l.reservationId = taken?.id ?? l.reservationId;
    if (!taken) this.d.logger.warn({ order: order.id, shipment: s.id, sku: l.sku, want }, 'open units could not be held: the reconciler will try');
  }

  private async take(order: OrderRecord, s: ShipmentRecord, l: ShipmentLineRecord, quantity: number, was: Reservation | null, now: number): Promise<Reservation | null> {
    const out = await this.d.ledger.reserve({
      holdId: `O-${randomUUID()}`, channel: was?.channel ?? order.channel, lines: [{ sku: l.sku, locationId: s.locationId, quantity }],
      ttlMs: this.d.holdTtlMs, reference: order.externalId, now,
    });
    return out.ok ? out.reservations[0]! : null;
  }
}

/**
 * True when the OMS report is behind what the order's lines already record: a line it shows with
 * fewer units shipped or cancelled, or with more units than the line kept (units moved away).
 * The OMS's reports of one order form a chain (each figure only grows, a quantity only shrinks).
 */
function isOlder(report: Map<number, OmsOrderState['lines'][number]>, shipments: readonly ShipmentRecord[]): boolean {
  return shipments.some((s) => s.lines.some((l) => {
    const o = report.get(l.omsLineNo);
    return !!o && (o.fulfilledQty < (l.fulfilled ?? 0) || o.cancelledQty < (l.cancelled ?? 0) || o.qty > l.quantity);
  }));
}
