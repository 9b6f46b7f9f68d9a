import type { Logger, MovementReason, SnapshotEntry, StockLedger } from '@stockgraph/shared';
import { FeedCursor } from '@stockgraph/shared/feeds/FeedCursor';
import { withHealth } from '@stockgraph/shared/feeds/reportHealth';
import type { SourceHealth } from '@stockgraph/shared/health/SourceHealth';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { SnapshotReconciler, ReconcileSummary } from '@stockgraph/shared/reconcile/SnapshotReconciler';
import type { WmsClient, WmsDelta } from '../legacy/WmsClient';

const REASON: Record<WmsDelta['type'], MovementReason> = {
  PICK: 'FULFILLMENT', RECEIPT: 'RECEIPT', ADJUST: 'ADJUSTMENT', TRANSFER_OUT: 'TRANSFER_OUT', TRANSFER_IN: 'TRANSFER_IN', COUNT: 'COUNT',
};

export interface WmsFeedDeps {
  client: WmsClient;
  ledger: StockLedger;
  registry: Registry;
  health: SourceHealth;
  reconciler: SnapshotReconciler;
  cursor: FeedCursor;
  logger: Logger;
  /** called with each applied COUNT (closes the discrepancy it answers) */
  onCount?: (sku: string, locationId: string, ref: string | null, counted: number, at: number) => Promise<void>;
}

/** Feeds the ledger from the WMS: DC stock snapshots (reconciled) and the delta feed (polled). */
export class WmsFeed {
  constructor(private readonly d: WmsFeedDeps) {}

  private dcSites(): { site: string; locationId: string }[] {
    return this.d.registry.allLocations()
      .filter((l) => l.type === 'DISTRIBUTION_CENTER')
      .map((l) => ({ site: l.localCodes.find((c) => c.system === 'WMS')?.code, locationId: l.id }))
      .filter((x): x is { site: string; locationId: string } => !!x.site);
  }

  async loadSnapshots(): Promise<ReconcileSummary[]> {
    const out: ReconcileSummary[] = [];
    for (const { site, locationId } of this.dcSites()) {
      const report = await withHealth(this.d.health, 'WMS', this.d.logger, 'stockReport', () => this.d.client.stockReport(site));
      const entries: SnapshotEntry[] = [];
      for (const line of report.lines) {
        const sku = this.d.registry.resolveSku('WMS', line.articleNo);
        if (!sku) {
          await this.d.registry.reportUnmapped({ system: 'WMS', code: line.articleNo, description: `stock at ${site}`, seenAt: report.at });
          continue;
        }
        entries.push({ sku, locationId, onHand: line.onHand, at: report.at, source: 'WMS' });
      }
      out.push(await this.d.reconciler.reconcile('WMS', entries));
    }
    return out;
  }

  /**
   * Reads the delta feed from the stored cursor to the end. The cursor is saved after each page
   * is applied; a crash in between replays the page, and the ledger's event dedupe makes the
   * replay change nothing.
   */
  async poll(limit = 500): Promise<{ applied: number; duplicates: number; stale: number; unmapped: number }> {
    const stats = { applied: 0, duplicates: 0, stale: 0, unmapped: 0 };
    let since = await this.d.cursor.get();
    for (;;) {
      const page = await withHealth(this.d.health, 'WMS', this.d.logger, 'readDeltas', () => this.d.client.readDeltas(since, limit));
      for (const delta of page.deltas) {
        const sku = this.d.registry.resolveSku('WMS', delta.articleNo);
        const locationId = this.d.registry.resolveLocation('WMS', delta.site);
        if (!sku || !locationId) {
          stats.unmapped++;
          if (!sku) await this.d.registry.reportUnmapped({ system: 'WMS', code: delta.articleNo, description: `delta ${delta.seq}`, seenAt: delta.at });
          continue;
        }
        const r = await this.d.ledger.applyMovement({
          sku, locationId, reason: REASON[delta.type],
          delta: delta.type === 'COUNT' ? 0 : delta.quantity,
          setTo: delta.type === 'COUNT' ? delta.counted : undefined,
          source: 'WMS', sourceEventId: `delta:${delta.seq}`, sourceDocument: delta.ref ?? undefined, at: delta.at,
        });
        if (r.outcome === 'APPLIED') stats.applied++;
        else if (r.outcome === 'DUPLICATE') stats.duplicates++;
        else stats.stale++;
        if (delta.type === 'COUNT' && r.outcome !== 'DUPLICATE') await this.d.onCount?.(sku, locationId, delta.ref, delta.counted, delta.at);
      }
      if (page.cursor !== since) await this.d.cursor.set(page.cursor);
      since = page.cursor;
      if (!page.more) return stats;
    }
  }
}
