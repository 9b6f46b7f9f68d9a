import type { IncomingMessage, ServerResponse } from 'node:http';
import { LegacyError, type Logger, type Movement, type SnapshotEntry, type StockLedger } from '@stockgraph/shared';
import { withHealth } from '@stockgraph/shared/feeds';
import { appendDemand, utcDate } from '@stockgraph/shared/feeds';
import { TILL_RETURNS_TOPIC } from '@stockgraph/shared/feeds';
import { publishTo } from '@stockgraph/shared/streams';
import type { KeyValueStore } from '@stockgraph/shared/kv';
import { sendJson } from '@stockgraph/shared/http';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { Registry } from '@stockgraph/shared/registry';
import type { SnapshotReconciler, ReconcileSummary } from '@stockgraph/shared/reconcile';
import { parsePosTransaction, type PosClient, type PosTransaction } from '../legacy/PosClient';
import type { SalesCounter } from './SalesCounter';

export interface PosFeedDeps {
  client: PosClient;
  ledger: StockLedger;
  registry: Registry;
  health: SourceHealth;
  reconciler: SnapshotReconciler;
  sales: SalesCounter;
  webhookSecret: string;
  logger: Logger;
  onCount?: (sku: string, locationId: string, ref: string | null, counted: number, at: number) => Promise<void>;
  /**
   * where till sales and returns are published as demand (planning) and till returns naming an
   * order as till-return facts (the OMS subgraph joins them to its RMAs): durable streams; none:
   * not published
   */
  demandKv?: KeyValueStore;
}

/** Feeds the ledger from the POS: store stock snapshots, and every till transaction by push. */
export class PosFeed {
  constructor(private readonly d: PosFeedDeps) {}

  private resolveItem(barcode: string | null, plu: string | null): string | undefined {
    return (barcode && this.d.registry.resolveSku('POS', barcode)) || (plu && this.d.registry.resolveSku('POS', plu)) || undefined;
  }

  /** A code no SKU claims is kept visible as unmapped; one two SKUs claim is already a reported conflict. */
  private async reportUnmapped(code: string, description: string, seenAt: number): Promise<void> {
    if (this.d.registry.isConflict('POS', code)) return;
    await this.d.registry.reportUnmapped({ system: 'POS', code, description, seenAt });
  }

  async loadSnapshots(): Promise<ReconcileSummary[]> {
    const out: ReconcileSummary[] = [];
    for (const loc of this.d.registry.allLocations()) {
      const storeNo = loc.localCodes.find((c) => c.system === 'POS')?.code;
      if (!storeNo) continue;
      const lines = await withHealth(this.d.health, 'POS', this.d.logger, 'storeStock', () => this.d.client.storeStock(storeNo));
      const entries: SnapshotEntry[] = [];
      for (const l of lines) {
        const sku = this.resolveItem(l.barcode, l.plu);
        if (!sku) {
          await this.reportUnmapped(l.barcode ?? l.plu ?? '', `stock at store ${storeNo}`, l.at);
          continue;
        }
        // A till that sold more than it knew of reports a negative figure: the shelf holds none.
        // `updated_at` is the time of the last transaction the line already holds, and the ledger
        // lets an event at exactly a snapshot's time apply; so the figure counts from the next
        // millisecond, and a late push of that very transaction is stale instead of counted twice.
        entries.push({ sku, locationId: loc.id, onHand: Math.max(0, l.onHand), at: l.at + 1, source: 'POS' });
      }
      out.push(await this.d.reconciler.reconcile('POS', entries));
    }
    return out;
  }

  /** Applies one till transaction; each line is its own event, so a redelivery changes nothing twice. */
  async apply(t: PosTransaction): Promise<{ applied: number; duplicates: number; stale: number; unmapped: number }> {
    const stats = { applied: 0, duplicates: 0, stale: 0, unmapped: 0 };
    const locationId = this.d.registry.resolveLocation('POS', t.storeNo);
    for (const line of t.lines) {
      const sku = this.resolveItem(line.barcode, line.plu);
      if (!sku || !locationId) {
        stats.unmapped++;
        if (!sku) await this.reportUnmapped(line.barcode ?? line.plu ?? '', `till ${t.txnId}`, t.at);
        continue;
      }
      const m: Movement = {
        sku, locationId, source: 'POS', sourceEventId: `${t.txnId}:${line.line}`, sourceDocument: t.txnId, at: t.at,
        reason: t.type === 'SALE' ? 'SALE' : t.type === 'RETURN' ? 'RETURN' : 'COUNT',
        delta: t.type === 'SALE' ? -line.qty : t.type === 'RETURN' ? line.qty : 0,
        setTo: t.type === 'COUNT' ? line.qty : undefined,
      };
      const r = await this.d.ledger.applyMovement(m);
      const duplicate = r.outcome === 'DUPLICATE';
      if (duplicate) stats.duplicates++;
      // a late line a newer snapshot already holds changes no figure, but a count still answers its request
      else if (r.outcome === 'STALE') stats.stale++;
      else stats.applied++;
      if (t.type === 'COUNT' && !duplicate) await this.d.onCount?.(sku, locationId, t.ref, line.qty, t.at);
      if (t.type !== 'SALE' && t.type !== 'RETURN') continue;
      if (!duplicate) await this.d.sales.add(sku, locationId, t.at, line.qty, t.type);
      // Facts for other services go out on a redelivery too: the first delivery may have died
      // before publishing them (the POS retries until it gets a 2xx), and their source id makes a
      // second copy count once. A STALE line still happened: it is demand.
      const kv = this.d.demandKv;
      if (!kv) continue;
      await appendDemand(kv, { sku, locationId, date: utcDate(t.at), quantity: t.type === 'SALE' ? line.qty : -line.qty, channel: 'RETAIL' }, `pos:${t.txnId}:${line.line}`);
      if (t.type === 'RETURN' && t.orderRef && r.outcome !== 'STALE') {
        await publishTo(kv, TILL_RETURNS_TOPIC, { txnId: t.txnId, lineNo: line.line, orderRef: t.orderRef, sku, locationId, qty: line.qty, at: t.at });
      }
    }
    return stats;
  }

  /** `POST /webhooks/pos`: verified before it is read; 2xx only once applied, so the POS retries otherwise. */
  webhookRoute() {
    return async (req: IncomingMessage, res: ServerResponse, body: string) => {
      let t: PosTransaction;
      try {
        const sig = req.headers['x-pos-signature'];
        t = parsePosTransaction(body, Array.isArray(sig) ? sig[0] : sig, this.d.webhookSecret);
      } catch (err) {
        const status = err instanceof LegacyError && /signature/.test(err.message) ? 401 : 400;
        return sendJson(res, status, { error: (err as Error).message });
      }
      await this.d.registry.refresh();
      const stats = await this.apply(t);
      sendJson(res, 200, { ok: true, ...stats });
    };
  }
}
