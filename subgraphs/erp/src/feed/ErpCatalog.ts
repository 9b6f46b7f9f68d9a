import type { KeyValueStore, Logger, StockLedger, SupplyLine } from '@stockgraph/shared';
import { KPI_TOPIC, type KpiEvent } from '@stockgraph/shared/feeds';
import { publishTo } from '@stockgraph/shared/streams';
import { withHealth } from '@stockgraph/shared/feeds';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { Registry } from '@stockgraph/shared/registry';
import type { SnapshotReconciler, ReconcileSummary } from '@stockgraph/shared/reconcile';
import type { ErpClient, ErpMaterial, ErpPurchaseOrder, ErpVendor } from '../legacy/ErpClient';

/** receipts older than the KPIs' longest period are not reported */
const RECEIPTS_REPORTED_DAYS = 366;

export interface IncomingLine {
  materialNumber: string;
  plant: string;
  quantity: number;
  /** the PO line's delivery date, ms */
  expectedAt: number;
  /** when the goods can be counted on: the later of the delivery date and order date + the item's planned lead time, YYYY-MM-DD */
  expectedOn: string;
  /** units the graph promises: quantity × the supplier's trust factor, rounded down */
  promisable: number;
  document: string;
  supplierId: string;
}

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

  /** open purchase orders of the last batch: number → when ordered, where to and units still open */
  private openPos: Map<string, { orderedAt: number; plant: string; units: number }> | null = null;

  async refresh(): Promise<void> {
    const { client, health, logger } = this.d;
    const [materials, vendors, pos] = await withHealth(health, 'ERP', logger, 'batch', () =>
      Promise.all([client.allMaterials(), client.listVendors(), client.listOpenPurchaseOrders()]));
    // A PO open in the last batch and gone from this one was received in between: its lead time
    // is known to within one batch interval (the ERP gives no receipt date).
    const open = new Map(pos.map((po) => [po.poNumber, { orderedAt: po.orderedAt, plant: po.plant, units: po.lines.reduce((s, l) => s + l.openQuantity, 0) }]));
    if (this.openPos && this.d.kv) {
      const now = Date.now();
      for (const [poNumber, was] of this.openPos) {
        // a failed append fails the batch before the open list moves on: the next batch publishes it
        if (!open.has(poNumber)) await publishTo(this.d.kv, KPI_TOPIC, { kind: 'replenishment', poNumber, locationId: was.plant, orderedAt: was.orderedAt, receivedAt: Math.max(now, was.orderedAt), units: was.units });
      }
    }
    if (this.d.kv) {
      await this.publishSupplyFacts(vendors, pos);
      await this.publishReceipts();
    }
    this.openPos = open;
    this.materials = new Map(materials.map((m) => [m.materialNumber, m]));
    this.vendors = new Map(vendors.map((v) => [v.supplierId, v]));
    this.incomingByMaterial = groupIncoming(pos, this.materials, this.vendors);
    this.loadedAt = Date.now();
  }

  /**
   * What this process has appended to the KPI stream, by fact key (a supplier, an open PO, a
   * receipt) → its content: a batch appends only what changed since, so the stream's retention
   * holds facts, not the same ERP state batch after batch. After a restart everything is appended
   * once more; planning applies a receipt once by its source id and a supplier's or open PO's state
   * by overwriting.
   */
  private readonly published = new Map<string, string>();

  /** appends a fact unless this process already appended the same content under `key`; a failure fails the batch */
  private async publishOnChange(key: string, event: KpiEvent): Promise<void> {
    const body = JSON.stringify(event);
    if (this.published.get(key) === body) return;
    await publishTo(this.d.kv!, KPI_TOPIC, event);
    this.published.set(key, body);
  }

  /** Planning's view of supply: each supplier's terms and every open PO with its dates, when they change. */
  private async publishSupplyFacts(vendors: ErpVendor[], pos: ErpPurchaseOrder[]): Promise<void> {
    for (const v of vendors) await this.publishOnChange(`supplier:${v.supplierId}`, { kind: 'supplier', supplierId: v.supplierId, trust: v.trust, minimumOrderUnits: v.minimumOrderUnits });
    for (const po of pos) {
      const lines = po.lines.flatMap((l) => {
        const sku = this.d.registry.resolveSku('ERP', l.materialNumber);
        return sku && l.openQuantity > 0 ? [{ sku, quantity: l.openQuantity, expectedAt: l.expectedAt }] : [];
      });
      if (lines.length) await this.publishOnChange(`po:${po.poNumber}`, { kind: 'purchaseOrder', poNumber: po.poNumber, supplierId: po.supplierId, locationId: po.plant, orderedAt: po.orderedAt, lines });
    }
  }

  /**
   * Received POs with their goods-receipt dates, for planning's lead time and receipts KPIs (planning
   * keeps one record per PO number; a receipt's source id is its PO and date, so it counts once).
   */
  private async publishReceipts(): Promise<void> {
    const closed = await withHealth(this.d.health, 'ERP', this.d.logger, 'closedPurchaseOrders', () => this.d.client.listClosedPurchaseOrders());
    const since = Date.now() - RECEIPTS_REPORTED_DAYS * 86_400_000;
    for (const po of closed) {
      const dates = po.lines.map((l) => l.receivedAt).filter((t): t is number => t !== null);
      if (dates.length === 0) continue;
      const units = po.lines.reduce((s, l) => s + l.receivedQuantity, 0);
      const receivedAt = Math.max(po.orderedAt, ...dates);
      if (receivedAt >= since) await this.publishOnChange(`receipt:${po.poNumber}`, { kind: 'replenishment', poNumber: po.poNumber, locationId: po.plant, orderedAt: po.orderedAt, receivedAt, units });
    }
  }

  /**
   * Open purchase-order quantities become each position's incoming supply, and their trusted units
   * by expected date the supply the ledger may promise to backorders.
   */
  async feedIncoming(now = Date.now()): Promise<number> {
    const totals = new Map<string, number>();
    const supply = new Map<string, SupplyLine[]>();
    for (const [material, lines] of this.incomingByMaterial) {
      const sku = this.d.registry.resolveSku('ERP', material);
      if (!sku) continue;
      for (const l of lines) {
        if (!this.d.registry.location(l.plant)) continue;
        const k = `${sku}\u0000${l.plant}`;
        totals.set(k, (totals.get(k) ?? 0) + l.quantity);
        if (l.promisable > 0) (supply.get(k) ?? supply.set(k, []).get(k)!).push({ document: l.document, expectedOn: l.expectedOn, quantity: l.promisable });
      }
    }
    for (const [k, q] of totals) {
      const [sku, locationId] = k.split('\u0000');
      await this.d.ledger.setIncoming({ sku, locationId }, q, now, 'ERP');
      await this.d.ledger.setSupply({ sku, locationId }, supply.get(k) ?? [], now);
    }
    for (const k of this.incomingKeys) {
      if (totals.has(k)) continue;
      const [sku, locationId] = k.split('\u0000');
      await this.d.ledger.setIncoming({ sku, locationId }, 0, now, 'ERP');
      await this.d.ledger.setSupply({ sku, locationId }, [], now);
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

const DAY_MS = 24 * 3600_000;

/** Open PO lines per material; the units promisable are the open quantity × the supplier's trust (1 when the ERP gives none). */
function groupIncoming(pos: ErpPurchaseOrder[], materials: ReadonlyMap<string, ErpMaterial>, vendors: ReadonlyMap<string, ErpVendor>): Map<string, IncomingLine[]> {
  const m = new Map<string, IncomingLine[]>();
  for (const po of pos) {
    const trust = vendors.get(po.supplierId)?.trust ?? 1;
    for (const l of po.lines) {
      if (l.openQuantity <= 0) continue;
      const list = m.get(l.materialNumber) ?? [];
      const lead = materials.get(l.materialNumber)?.leadTimeDays ?? 0;
      const expectedOn = new Date(Math.max(l.expectedAt, po.orderedAt + lead * DAY_MS)).toISOString().slice(0, 10);
      list.push({
        materialNumber: l.materialNumber, plant: po.plant, quantity: l.openQuantity, expectedAt: l.expectedAt, expectedOn,
        promisable: Math.floor(l.openQuantity * trust + 1e-9), document: `${po.poNumber}/${l.item}`, supplierId: po.supplierId,
      });
      m.set(l.materialNumber, list);
    }
  }
  for (const list of m.values()) list.sort((a, b) => a.expectedAt - b.expectedAt || (a.document < b.document ? -1 : 1));
  return m;
}
