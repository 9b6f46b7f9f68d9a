import type { Logger, StockLedger } from '@stockgraph/shared';
import type { FeedCursor } from '@stockgraph/shared/feeds/FeedCursor';
import { withHealth } from '@stockgraph/shared/feeds/reportHealth';
import type { SourceHealth } from '@stockgraph/shared/health/SourceHealth';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { OmsClient } from '../legacy/OmsClient';
import type { OrderStore } from '../orders/OrderStore';
import type { KeyValueStore } from '@stockgraph/shared/kv/KeyValueStore';
import { publishTo } from '@stockgraph/shared/streams/topic';
import { OMS_STATUS_TOPIC, type OmsStatusEvent, type OmsStatusKind } from '@stockgraph/shared/feeds/OmsStatusEvents';
import type { OmsEvent } from '../legacy/omsTypes';

interface EventLine { line_no?: number; sku?: string; node_id?: string; qty?: number; condition?: string }

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Reads the OMS's order events from a stored cursor. Orders routed through the graph already
 * moved the ledger (holds consumed at confirmFulfillment, restock at createReturn), so only the
 * OMS's own orders move it here: a fulfilment leaves on hand, a NEW return comes back to it.
 * Each line is its own event id, so a replay changes nothing twice.
 */
export class OmsEventFeed {
  constructor(private readonly d: {
    client: OmsClient; ledger: StockLedger; registry: Registry; orders: OrderStore; health: SourceHealth; cursor: FeedCursor; logger: Logger;
    /** true for an RMA createReturn wrote to the OMS: it restocked the ledger itself */
    isGraphReturn?: (rmaRef: string) => Promise<boolean>;
    /** where every OMS event is published as an order status fact (durable stream); none: not published */
    statusKv?: KeyValueStore;
  }) {}

  /** The OMS event as a status fact in graph terms (global SKUs and locations). */
  private statusEvent(e: OmsEvent): OmsStatusEvent | null {
    const kind = ({ order_created: 'ORDER_CREATED', order_cancelled: 'ORDER_CANCELLED', fulfilment_created: 'FULFILMENT_CREATED', return_created: 'RETURN_CREATED' } as Record<string, OmsStatusKind | undefined>)[e.type];
    if (!kind) return null;
    const eventNode = text(e.payload.node_id);
    const lines = ((e.payload.lines as EventLine[] | undefined) ?? []).map((l, i) => {
      const node = l.node_id ?? eventNode;
      return {
        lineNo: l.line_no ?? i + 1, sku: (l.sku && this.d.registry.resolveSku('OMS', l.sku)) || null,
        locationId: (node && this.d.registry.resolveLocation('OMS', node)) || null, qty: Math.max(0, Math.floor(l.qty ?? 0)),
      };
    });
    const out: OmsStatusEvent = { seq: e.seq, kind, orderId: e.orderId, at: e.at, lines };
    const rmaRef = text(e.payload.rma_ref);
    if (rmaRef) out.rmaRef = rmaRef;
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
        if (e.type !== 'fulfilment_created' && e.type !== 'return_created') continue;
        if (await this.d.orders.order(e.orderId)) { stats.skipped++; continue; }
        // an OMS order of its own may still come back through createReturn, which restocked already
        const rmaRef = text(e.payload.rma_ref);
        if (e.type === 'return_created' && rmaRef && (await this.d.isGraphReturn?.(rmaRef))) { stats.skipped++; continue; }
        const lines = (e.payload.lines as EventLine[] | undefined) ?? [];
        // a return names its node once for all lines; a fulfilment names one per line
        const eventNode = text(e.payload.node_id);
        for (const l of lines) {
          const sku = l.sku ? this.d.registry.resolveSku('OMS', l.sku) : undefined;
          const node = l.node_id ?? eventNode;
          const locationId = node ? this.d.registry.resolveLocation('OMS', node) : undefined;
          if (!sku || !locationId || !l.qty || l.qty <= 0) { stats.skipped++; continue; }
          if (e.type === 'return_created' && (l.condition ?? '').toUpperCase() !== 'NEW') { stats.skipped++; continue; }
          const r = await this.d.ledger.applyMovement({
            sku, locationId, reason: e.type === 'fulfilment_created' ? 'FULFILLMENT' : 'RETURN',
            delta: e.type === 'fulfilment_created' ? -l.qty : l.qty,
            source: 'OMS', sourceEventId: `event:${e.seq}:${l.line_no ?? 0}`, sourceDocument: e.orderId, at: e.at,
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
