import type { Logger, MovementReason, SnapshotEntry, StockLedger } from '@stockgraph/shared';
import { FeedCursor } from '@stockgraph/shared/feeds';
import { withHealth } from '@stockgraph/shared/feeds';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { Registry } from '@stockgraph/shared/registry';
import type { SnapshotReconciler, ReconcileSummary } from '@stockgraph/shared/reconcile';
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
  /**
   * Where the last delta seq each DC's snapshot already held is kept (per WMS site), so the feed
   * skips what a reloaded snapshot counted. Without it the ledger's time check is the only guard,
   * and the WMS stamps deltas and snapshots to the second.
   */
  siteCursor?: (site: string) => FeedCursor;
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

  /** A code no SKU claims is kept visible as unmapped; one two SKUs claim is already a reported conflict. */
  private async reportUnmapped(code: string, description: string, seenAt: number): Promise<void> {
    if (this.d.registry.isConflict('WMS', code)) return;
    await this.d.registry.reportUnmapped({ system: 'WMS', code, description, seenAt });
  }

  /**
   * Reconciles each DC's stock report with the ledger. A poller that has read the feed before
   * catches up first, so a difference is one the feed never told, not one it has yet to deliver;
   * each report's delta seq is kept so the deltas it already holds are not applied again.
   */
  async loadSnapshots(): Promise<ReconcileSummary[]> {
    const cursor = await this.d.cursor.get();
    if (cursor > 0) await this.poll();
    const out: ReconcileSummary[] = [];
    let head: number | null = null;
    for (const { site, locationId } of this.dcSites()) {
      const report = await withHealth(this.d.health, 'WMS', this.d.logger, 'stockReport', () => this.d.client.stockReport(site));
      const entries: SnapshotEntry[] = [];
      for (const line of report.lines) {
        const sku = this.d.registry.resolveSku('WMS', line.articleNo);
        if (!sku) {
          await this.reportUnmapped(line.articleNo, `stock at ${site}`, report.at);
          continue;
        }
        entries.push({ sku, locationId, onHand: line.onHand, at: report.at, source: 'WMS' });
      }
      out.push(await this.d.reconciler.reconcile('WMS', entries));
      if (report.cursor !== null) {
        await this.d.siteCursor?.(site).set(report.cursor);
        head = head === null ? report.cursor : Math.min(head, report.cursor);
      }
    }
    // A report holds everything up to the WMS's latest seq, never less than what was read: a seq
    // below the stored cursor means the WMS's journal started again (a reinstall, a restore), and
    // reading on from the old cursor would skip every new delta until the seq caught up.
    if (head !== null && head < (await this.d.cursor.get())) {
      this.d.logger.warn({ cursor, head }, 'WMS delta seq went back: the feed is read again from the snapshots');
      await this.d.cursor.set(head);
    }
    return out;
  }

  /** Per WMS site, the last delta seq its loaded snapshot already holds. */
  private async snapshotSeqs(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (!this.d.siteCursor) return out;
    for (const { site } of this.dcSites()) out.set(site, await this.d.siteCursor(site).get());
    return out;
  }

  /**
   * Reads the delta feed from the stored cursor to the end. The cursor is saved after each page
   * is applied; a crash in between replays the page, and the ledger's event dedupe makes the
   * replay change nothing.
   */
  async poll(limit = 500): Promise<{ applied: number; duplicates: number; stale: number; unmapped: number }> {
    const stats = { applied: 0, duplicates: 0, stale: 0, unmapped: 0 };
    await this.d.registry.refresh();
    const held = await this.snapshotSeqs();
    let since = await this.d.cursor.get();
    for (;;) {
      const page = await withHealth(this.d.health, 'WMS', this.d.logger, 'readDeltas', () => this.d.client.readDeltas(since, limit));
      for (const delta of page.deltas) {
        const sku = this.d.registry.resolveSku('WMS', delta.articleNo);
        const locationId = this.d.registry.resolveLocation('WMS', delta.site);
        if (!sku || !locationId) {
          stats.unmapped++;
          if (!sku) await this.reportUnmapped(delta.articleNo, `delta ${delta.seq}`, delta.at);
          continue;
        }
        if (delta.seq <= (held.get(delta.site) ?? 0)) {
          // the DC's snapshot already counted it; a count still answers its request
          stats.stale++;
          if (delta.type === 'COUNT') await this.d.onCount?.(sku, locationId, delta.ref, delta.counted, delta.at);
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
