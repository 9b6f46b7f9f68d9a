import type { Logger, StockLedger } from '@stockgraph/shared';
import type { FeedCursor } from '@stockgraph/shared/feeds';
import { withHealth } from '@stockgraph/shared/feeds';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { Registry } from '@stockgraph/shared/registry';
import type { OmsClient } from '../legacy/OmsClient';
import type { OrderStore } from '../orders/OrderStore';
import type { OrderSettler } from '../orders/OrderSettler';
import type { KeyValueStore } from '@stockgraph/shared/kv';
import { publishTo } from '@stockgraph/shared/streams';
import { OMS_STATUS_TOPIC, type OmsStatusEvent, type OmsStatusKind } from '@stockgraph/shared/feeds';
import type { OmsEvent } from '../legacy/omsTypes';

/**
 * Reads the OMS's order events from a stored cursor. An order routed through the graph is settled
 * from the figures the event carries (OrderSettler): a cancel or a fulfilment made in the OMS
 * itself, or one a crash left unsettled, reaches its status, shipments and holds within one
 * poll. The OMS's own orders move the ledger here: a fulfilment leaves on hand, a NEW return
 * comes back to it. Each line is its own event id, so a replay changes nothing twice. Every
 * event is also appended, in graph terms, to the durable 'oms-status' stream for other services.
 */
export class OmsEventFeed {
  constructor(private readonly d: {
    client: OmsClient; ledger: StockLedger; registry: Registry; orders: OrderStore; health: SourceHealth; cursor: FeedCursor; logger: Logger;
    /** true for an RMA createReturn wrote to the OMS: it restocked the ledger itself */
    isGraphReturn?: (rmaRef: string) => Promise<boolean>;
    settler?: OrderSettler;
    /** where every OMS event is published as an order status fact (durable stream); none: not published */
    statusKv?: KeyValueStore;
  }) {}

  /** The OMS event as a status fact in graph terms (global SKUs and locations). */
  private statusEvent(e: OmsEvent): OmsStatusEvent | null {
    const kind = ({
      order_created: 'ORDER_CREATED', order_cancelled: 'ORDER_CANCELLED', fulfilment_created: 'FULFILMENT_CREATED',
      return_created: 'RETURN_CREATED', order_reallocated: 'ORDER_REALLOCATED',
    } as Record<string, OmsStatusKind | undefined>)[e.type];
    if (!kind) return null;
    const lines = e.lines.map((l, i) => ({
      lineNo: l.lineNo || i + 1, sku: (l.sku && this.d.registry.resolveSku('OMS', l.sku)) || null,
      locationId: (l.node && this.d.registry.resolveLocation('OMS', l.node)) || null, qty: Math.max(0, Math.floor(l.qty ?? 0)),
    }));
    const out: OmsStatusEvent = { seq: e.seq, kind, orderId: e.orderId, at: e.at, lines };
    if (e.rmaRef) out.rmaRef = e.rmaRef;
    if (e.state) out.status = e.state.status;
    return out;
  }

  async poll(limit = 500): Promise<{ applied: number; skipped: number }> {
    const stats = { applied: 0, skipped: 0 };
    let after = await this.d.cursor.get();
    for (;;) {
      const page = await withHealth(this.d.health, 'OMS', this.d.logger, 'readEvents', () => this.d.client.readEvents(after, limit));
      for (const e of page.events) {
        // before the cursor moves past it: a failed publish fails the poll, and the page is read again
        const status = this.d.statusKv ? this.statusEvent(e) : null;
        if (status) await publishTo(this.d.statusKv!, OMS_STATUS_TOPIC, status);
        if (e.type === 'order_created') continue;
        if (await this.d.orders.order(e.orderId)) {
          // ours: restocks were made by createReturn; the rest is settled from the OMS's figures
          if (e.state && e.type !== 'return_created' && this.d.settler) { await this.d.settler.settle(e.orderId, e.state); stats.applied++; } else stats.skipped++;
          continue;
        }
        if (e.type !== 'fulfilment_created' && e.type !== 'return_created') continue;
        // an OMS order of its own may still come back through createReturn, which restocked already
        if (e.type === 'return_created' && e.rmaRef && (await this.d.isGraphReturn?.(e.rmaRef))) { stats.skipped++; continue; }
        for (const l of e.lines) {
          const sku = l.sku ? this.d.registry.resolveSku('OMS', l.sku) : undefined;
          const locationId = l.node ? this.d.registry.resolveLocation('OMS', l.node) : undefined;
          if (!sku || !locationId || !l.qty || l.qty <= 0) { stats.skipped++; continue; }
          if (e.type === 'return_created' && l.condition !== 'NEW') { stats.skipped++; continue; }
          const r = await this.d.ledger.applyMovement({
            sku, locationId, reason: e.type === 'fulfilment_created' ? 'FULFILLMENT' : 'RETURN',
            delta: e.type === 'fulfilment_created' ? -l.qty : l.qty,
            source: 'OMS', sourceEventId: `event:${e.seq}:${l.lineNo}`, sourceDocument: e.orderId, at: e.at,
          });
          if (r.outcome === 'APPLIED') stats.applied++; else stats.skipped++;
        }
      }
      if (page.lastSeq !== after) await this.d.cursor.set(page.lastSeq);
      after = page.lastSeq;
      if (!page.more) return stats;
    }
  }
}
