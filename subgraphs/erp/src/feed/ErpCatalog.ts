import type { KeyValueStore, Logger, StockLedger } from '@stockgraph/shared';
import { KPI_TOPIC } from '@stockgraph/shared/feeds/KpiEvents';
import { publishTo } from '@stockgraph/shared/streams/topic';
import { withHealth } from '@stockgraph/shared/feeds/reportHealth';
import type { SourceHealth } from '@stockgraph/shared/health/SourceHealth';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { SnapshotReconciler, ReconcileSummary } from '@stockgraph/shared/reconcile/SnapshotReconciler';
import type { ErpClient, ErpMaterial, ErpPurchaseOrder, ErpVendor } from '../legacy/ErpClient';

export interface IncomingLine { materialNumber: string; plant: string; quantity: number; expectedAt: number; document: string }

/**
 * What the subgraph knows of the ERP between batches: the item master, vendors and open
 * purchase orders, refreshed as a batch. When the ERP cannot be reached the last batch is
 * served (ERP data changes nightly; a stale cost is better than none).
 */
export class ErpCatalog {
  materials = new Map<string, ErpMaterial>();
  vendors = new Map<string, ErpVendor>();
  incomingByMaterial = new Map<string, IncomingLine[]>();
  loadedAt = 0;
  /** positions the last batch gave incoming supply, so a PO that closed since drops back to zero */
  private incomingKeys = new Set<string>();

  constructor(
    private readonly d: { client: ErpClient; ledger: StockLedger; registry: Registry; health: SourceHealth; reconciler: SnapshotReconciler; logger: Logger; kv?: KeyValueStore },
  ) {}

  /** open purchase orders of the last batch: number → when ordered and where to */
  private openPos: Map<string, { orderedAt: number; plant: string }> | null = null;

  async refresh(): Promise<void> {
    const { client, health, logger } = this.d;
    const [materials, vendors, pos] = await withHealth(health, 'ERP', logger, 'batch', () =>
      Promise.all([client.allMaterials(), client.listVendors(), client.listOpenPurchaseOrders()]));
    // A PO open in the last batch and gone from this one was received in between: its lead time
    // is known to within one batch interval (the ERP gives no receipt date).
    const open = new Map(pos.map((po) => [po.poNumber, { orderedAt: po.orderedAt, plant: po.plant }]));
    if (this.openPos && this.d.kv) {
      const now = Date.now();
      for (const [poNumber, was] of this.openPos) {
        // a failed append fails the batch before the open list moves on: the next batch publishes it
        if (!open.has(poNumber)) await publishTo(this.d.kv, KPI_TOPIC, { kind: 'replenishment', poNumber, locationId: was.plant, orderedAt: was.orderedAt, receivedAt: Math.max(now, was.orderedAt) });
      }
    }
    this.openPos = open;
    this.materials = new Map(materials.map((m) => [m.materialNumber, m]));
    this.vendors = new Map(vendors.map((v) => [v.supplierId, v]));
    this.incomingByMaterial = groupIncoming(pos);
    this.loadedAt = Date.now();
  }

  /** Open purchase-order quantities become each position's incoming supply. */
  async feedIncoming(now = Date.now()): Promise<number> {
    const totals = new Map<string, number>();
    for (const [material, lines] of this.incomingByMaterial) {
      const sku = this.d.registry.resolveSku('ERP', material);
      if (!sku) continue;
      for (const l of lines) {
        if (!this.d.registry.location(l.plant)) continue;
        const k = `${sku}\u0000${l.plant}`;
        totals.set(k, (totals.get(k) ?? 0) + l.quantity);
      }
    }
    for (const [k, q] of totals) {
      const [sku, locationId] = k.split('\u0000');
      await this.d.ledger.setIncoming({ sku, locationId }, q, now, 'ERP');
    }
    for (const k of this.incomingKeys) {
      if (totals.has(k)) continue;
      const [sku, locationId] = k.split('\u0000');
      await this.d.ledger.setIncoming({ sku, locationId }, 0, now, 'ERP');
    }
    this.incomingKeys = new Set(totals.keys());
    return totals.size;
  }

  /** The ERP's batch stock per plant, compared with the ledger (the ERP is never the system of record for on hand). */
  async reconcileStock(): Promise<ReconcileSummary[]> {
    const out: ReconcileSummary[] = [];
    for (const loc of this.d.registry.allLocations()) {
      const snap = await withHealth(this.d.health, 'ERP', this.d.logger, 'stockSnapshot', () => this.d.client.stockSnapshot(loc.id));
      const entries = snap.lines
        .map((l) => ({ sku: this.d.registry.resolveSku('ERP', l.materialNumber), locationId: loc.id, onHand: l.onHand, at: snap.at, source: 'ERP' as const }))
        .filter((e): e is typeof e & { sku: string } => !!e.sku);
      out.push(await this.d.reconciler.reconcile('ERP', entries));
    }
    return out;
  }
}

function groupIncoming(pos: ErpPurchaseOrder[]): Map<string, IncomingLine[]> {
  const m = new Map<string, IncomingLine[]>();
  for (const po of pos) {
    for (const l of po.lines) {
      if (l.openQuantity <= 0) continue;
      const list = m.get(l.materialNumber) ?? [];
      list.push({ materialNumber: l.materialNumber, plant: po.plant, quantity: l.openQuantity, expectedAt: l.expectedAt, document: `${po.poNumber}/${l.item}` });
      m.set(l.materialNumber, list);
    }
  }
  for (const list of m.values()) list.sort((a, b) => a.expectedAt - b.expectedAt || (a.document < b.document ? -1 : 1));
  return m;
}
