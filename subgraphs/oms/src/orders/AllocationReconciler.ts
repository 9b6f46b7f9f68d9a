import { randomUUID } from 'node:crypto';
import type { Logger, StockLedger } from '@stockgraph/shared';
import type { OmsClient } from '../legacy/OmsClient';
import type { OrderStore, ShipmentRecord } from './OrderStore';

export interface Repair { kind: 'REHELD' | 'RELEASED' | 'CLOSED'; orderId: string; shipmentId: string; sku: string; locationId: string; quantity: number; at: number; detail: string }

/**
 * Compares what the ledger holds for routed orders with the OMS's open allocations (the OMS is
 * the system of record) and repairs drift: an open allocation whose hold is gone is held again;
 * a hold whose allocation the OMS no longer has open is released. Every repair is recorded.
 */
export class AllocationReconciler {
  constructor(private readonly d: { ledger: StockLedger; orders: OrderStore; oms: OmsClient; logger: Logger; holdTtlMs: number; now?: () => number }) {}

  async run(): Promise<Repair[]> {
    const now = (this.d.now ?? Date.now)();
    const open = new Map<string, number>();
    for (const a of await this.d.oms.listOpenAllocations()) open.set(`${a.orderId}#${a.lineNo}`, (open.get(`${a.orderId}#${a.lineNo}`) ?? 0) + a.qty);
    const repairs: Repair[] = [];
    for (const orderId of await this.d.orders.openOrderIds()) {
      // one change of an order at a time: a cancel or fulfilment may be settling it right now
      await this.d.orders.withOrderLock(orderId, () => this.reconcile(orderId, open, now, repairs));
    }
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
}
