import { randomUUID } from 'node:crypto';
import type { Logger, StockLedger } from '@stockgraph/shared';
import type { OmsAllocation, OmsClient } from '../legacy/OmsClient';
import type { OrderStore, ShipmentRecord } from './OrderStore';

export interface Repair { kind: 'REHELD' | 'RELEASED' | 'CLOSED'; orderId: string; shipmentId: string; sku: string; locationId: string; quantity: number; at: number; detail: string }

/** the shipment ids routeOrder gives (RouteService.shipmentsOf): `<orderId>-<8 hex>-S<n>` */
const GRAPH_SHIPMENT = /-[0-9a-f]{8}-S\d+$/;

/**
 * Compares what the ledger holds for routed orders with the OMS's open allocations (the OMS is
 * the system of record) and repairs drift: an open allocation whose hold is gone is held again;
 * a hold whose allocation the OMS no longer has open is released. Every repair is recorded.
 */
export class AllocationReconciler {
  constructor(private readonly d: {
    ledger: StockLedger; orders: OrderStore; oms: OmsClient; logger: Logger; holdTtlMs: number; now?: () => number;
    /** the global SKU of an OMS product code, for orders the graph lost its record of */
    resolveSku?: (omsSku: string) => string | undefined;
  }) {}

  async run(): Promise<Repair[]> {
    const now = (this.d.now ?? Date.now)();
    const open = new Map<string, number>();
    const allocations = await this.d.oms.listOpenAllocations();
    for (const a of allocations) open.set(`${a.orderId}#${a.lineNo}`, (open.get(`${a.orderId}#${a.lineNo}`) ?? 0) + a.qty);
    const repairs: Repair[] = [];
    // the orders the graph lists as open, and every order the OMS has open allocations for: after
    // a Redis failover either list may have lost its newest entries
    const mine = new Set(await this.d.orders.openOrderIds());
    const lost = new Map<string, OmsAllocation[]>();
    for (const a of allocations) {
      if (mine.has(a.orderId)) continue;
      if (await this.d.orders.order(a.orderId)) mine.add(a.orderId);
      else (lost.get(a.orderId) ?? lost.set(a.orderId, []).get(a.orderId)!).push(a);
    }
    for (const orderId of mine) {
      // one change of an order at a time: a cancel or fulfilment may be settling it right now
      await this.d.orders.withOrderLock(orderId, () => this.reconcile(orderId, open, now, repairs));
    }
    await this.holdLostOrders(lost, now, repairs);
    for (const r of repairs) await this.d.orders.recordRepair(r as unknown as Record<string, unknown>);
    if (repairs.length) this.d.logger.info({ repairs: repairs.length }, 'allocations reconciled');
    return repairs;
  }

  private async reconcile(orderId: string, open: Map<string, number>, now: number, repairs: Repair[]): Promise<void> {
    const order = await this.d.orders.order(orderId);
    if (!order) return;
    const shipments = (await this.d.orders.shipments(order.shipmentIds)).filter((s): s is ShipmentRecord => s !== null);
    let stillOpen = false;
    // the allocations were read before this order's lock: what looks like drift is checked
    // against the OMS's order as it is now (an order routed, cancelled or re-placed meanwhile)
    let fresh: Map<number, number> | null = null;
    const allocatedNow = async (lineNo: number): Promise<number> => {
      if (!fresh) {
        const o = await this.d.oms.getOrder(orderId);
        fresh = new Map((o?.lines ?? []).map((l) => [l.lineNo, o!.status === 'CANCELLED' ? 0 : Math.max(0, l.qty - l.fulfilledQty - l.cancelledQty)]));
      }
      return fresh.get(lineNo) ?? 0;
    };
    for (const s of shipments) {
      if (s.status === 'FULFILLED' || s.status === 'CANCELLED') continue;
      stillOpen = true;
      let changed = false;
      for (const l of s.lines) {
        if (l.backorder) continue;
        let allocated = open.get(`${orderId}#${l.omsLineNo}`) ?? 0;
        const [r] = l.reservationId ? await this.d.ledger.getReservations([l.reservationId]) : [null];
        const held = r && r.status === 'ACTIVE' ? r.quantity : 0;
        if ((allocated > 0) !== (held > 0)) allocated = await allocatedNow(l.omsLineNo);
        const base = { orderId, shipmentId: s.id, sku: l.sku, locationId: s.locationId, at: now };
        if (allocated > 0 && held === 0) {
          const again = await this.d.ledger.reserve({
            holdId: `REPAIR-${randomUUID()}`, channel: r?.channel ?? order.channel, lines: [{ sku: l.sku, locationId: s.locationId, quantity: allocated }],
            ttlMs: this.d.holdTtlMs, reference: order.externalId, now,
          });
          if (again.ok) {
            l.reservationId = again.reservations[0].id;
            changed = true;
            repairs.push({ ...base, kind: 'REHELD', quantity: allocated, detail: `hold was ${r?.status ?? 'missing'}` });
          } else {
            this.d.logger.warn({ ...base, allocated }, 'cannot hold again an open OMS allocation: not enough stock');
          }
        } else if (allocated === 0 && held > 0 && r) {
          await this.d.ledger.release(r.id, now);
          repairs.push({ ...base, kind: 'RELEASED', quantity: held, detail: 'the OMS has no open allocation for this line' });
        }
      }
      if (changed) await this.d.orders.saveShipment(s);
    }
    if (!stillOpen) await this.d.orders.closeOrder(orderId);
  }

  /**
   * Open OMS allocations of orders routed through the graph whose record the graph no longer has
   * (a failover lost the write): each is held under a hold of its own, kept in the store by
   * allocation, so the units cannot be sold again; once the OMS has closed the allocation the
   * hold goes. The order's original hold, if it survived, is held beside it until it expires:
   * the units count twice for a while (never oversold). Orders the OMS took from elsewhere are
   * not the graph's to hold (their shipments are not named the way routeOrder names them).
   */
  private async holdLostOrders(lost: Map<string, OmsAllocation[]>, now: number, repairs: Repair[]): Promise<void> {
    const held = await this.d.orders.lostOrderHolds();
    const stillOpen = new Set<string>();
    for (const [orderId, allocations] of lost) {
      const o = await this.d.oms.getOrder(orderId);
      if (!o || o.status === 'CANCELLED') continue;
      for (const a of allocations) {
        const line = o.lines.find((l) => l.lineNo === a.lineNo);
        if (!line?.shipmentRef || !GRAPH_SHIPMENT.test(line.shipmentRef)) continue;
        const field = `${orderId}#${a.lineNo}`;
        stillOpen.add(field);
        const sku = this.d.resolveSku?.(a.sku);
        if (!sku) continue;
        const [r] = held[field] ? await this.d.ledger.getReservations([held[field]!]) : [null];
        if (r?.status === 'ACTIVE' && r.quantity === a.qty) continue;
        const base = { orderId, shipmentId: line.shipmentRef, sku, locationId: a.plant, at: now };
        const again = await this.d.ledger.reserve({
          holdId: `REPAIR-${randomUUID()}`, channel: o.channel, lines: [{ sku, locationId: a.plant, quantity: a.qty }],
          ttlMs: this.d.holdTtlMs, reference: o.externalId, now,
        });
        if (!again.ok) {
          this.d.logger.warn({ ...base, allocated: a.qty }, 'cannot hold an open OMS allocation of a lost order: not enough stock');
          continue;
        }
        await this.d.orders.saveLostOrderHold(field, again.reservations[0]!.id);
        if (r?.status === 'ACTIVE') await this.d.ledger.release(r.id, now);
        repairs.push({ ...base, kind: 'REHELD', quantity: a.qty, detail: 'the graph has no record of this routed order (lost at a Redis failover)' });
      }
    }
    for (const [field, id] of Object.entries(held)) {
      if (stillOpen.has(field)) continue;
      const [r] = await this.d.ledger.getReservations([id]);
      if (r?.status === 'ACTIVE') {
        await this.d.ledger.release(id, now);
        const [orderId] = field.split('#');
        repairs.push({ orderId: orderId!, shipmentId: '', sku: r.sku, locationId: r.locationId, quantity: r.quantity, at: now, kind: 'RELEASED', detail: 'the OMS closed the allocation of a lost order' });
      }
      await this.d.orders.dropLostOrderHold(field);
    }
  }
}
