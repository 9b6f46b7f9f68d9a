import { randomUUID } from 'node:crypto';
import { CHANNELS, type Channel } from '../domain';
import type { KeyValueStore } from '../kv/KeyValueStore';
import { defineTopic, publishTo } from '../streams/topic';

/**
 * Facts for planning's KPIs that are not demand: how much of an order could be served when it was
 * routed (fill rate), and how long a purchase order took from order to receipt (replenishment lead
 * time), and the ERP's supply terms and open POs. A durable stream like demand; a fact's source id
 * (kpiSourceId) lets planning count a fact published again (a routing retried by key, an ERP
 * batch run twice) once.
 */
export const KPI_CHANNEL = 'kpi-facts';

export interface OpenPurchaseOrderLine { sku: string; quantity: number; expectedAt: number }

export type KpiEvent =
  | { kind: 'fill'; date: string; channel: Channel; orderId: string; orderedUnits: number; filledUnits: number }
  /** `units`: what was still open at the last batch before receipt (the units received) */
  | { kind: 'replenishment'; poNumber: string; locationId: string; orderedAt: number; receivedAt: number; units?: number }
  /** the shipments an order left in (orders fulfilled before the graph saw them: split rate) */
  | { kind: 'shipments'; date: string; channel: Channel; orderId: string; shipmentIds: string[] }
  /** a supplier's terms from the ERP batch: trust (share delivered in full) and minimum order per line */
  | { kind: 'supplier'; supplierId: string; trust: number | null; minimumOrderUnits: number }
  /** an open purchase order as the ERP batch sees it (republished each batch; gone once received) */
  | { kind: 'purchaseOrder'; poNumber: string; supplierId: string; locationId: string; orderedAt: number; lines: OpenPurchaseOrderLine[] };

export async function publishKpi(kv: KeyValueStore, event: KpiEvent): Promise<void> {
  try {
    await publishTo(kv, KPI_TOPIC, event);
  } catch {
    // the order or the receipt stands; only a KPI loses a sample
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function parseKpiEvent(message: string): KpiEvent | null {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!e || typeof e !== 'object') return null;
  if (e.kind === 'fill' && typeof e.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.date) && CHANNELS.includes(e.channel as Channel)
    && typeof e.orderId === 'string' && finite(e.orderedUnits) && finite(e.filledUnits) && e.filledUnits <= e.orderedUnits) {
    return { kind: 'fill', date: e.date, channel: e.channel as Channel, orderId: e.orderId, orderedUnits: e.orderedUnits, filledUnits: e.filledUnits };
  }
  if (e.kind === 'replenishment' && typeof e.poNumber === 'string' && typeof e.locationId === 'string'
    && finite(e.orderedAt) && finite(e.receivedAt) && e.receivedAt >= e.orderedAt && (e.units === undefined || finite(e.units))) {
    return { kind: 'replenishment', poNumber: e.poNumber, locationId: e.locationId, orderedAt: e.orderedAt, receivedAt: e.receivedAt, ...(e.units !== undefined ? { units: e.units as number } : {}) };
  }
  if (e.kind === 'shipments' && typeof e.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.date) && CHANNELS.includes(e.channel as Channel)
    && typeof e.orderId === 'string' && Array.isArray(e.shipmentIds) && e.shipmentIds.length > 0 && e.shipmentIds.every((s: unknown) => typeof s === 'string')) {
    return { kind: 'shipments', date: e.date, channel: e.channel as Channel, orderId: e.orderId, shipmentIds: e.shipmentIds as string[] };
  }
  if (e.kind === 'supplier' && typeof e.supplierId === 'string' && (e.trust === null || (finite(e.trust) && e.trust <= 1)) && finite(e.minimumOrderUnits)) {
    return { kind: 'supplier', supplierId: e.supplierId, trust: e.trust as number | null, minimumOrderUnits: e.minimumOrderUnits };
  }
  if (e.kind === 'purchaseOrder' && typeof e.poNumber === 'string' && typeof e.supplierId === 'string' && typeof e.locationId === 'string' && finite(e.orderedAt)
    && Array.isArray(e.lines) && e.lines.every((l: Record<string, unknown>) => l && typeof l.sku === 'string' && finite(l.quantity) && finite(l.expectedAt))) {
    const lines = (e.lines as OpenPurchaseOrderLine[]).map((l) => ({ sku: l.sku, quantity: l.quantity, expectedAt: l.expectedAt }));
    return { kind: 'purchaseOrder', poNumber: e.poNumber, supplierId: e.supplierId, locationId: e.locationId, orderedAt: e.orderedAt, lines };
  }
  return null;
}

export const KPI_TOPIC = defineTopic<KpiEvent>({
  stream: KPI_CHANNEL,
  parse: parseKpiEvent,
  sourceId: kpiSourceId,
});

/**
 * What makes a KPI fact recognisable when it comes again: an order's fill and shipments once per
 * order, a receipt once per PO, location and date. A supplier's terms and an open PO are states
 * that change from batch to batch (planning overwrites them): each publication is its own fact,
 * so a later state is never mistaken for an earlier one already applied.
 */
function kpiSourceId(e: KpiEvent): string {
  switch (e.kind) {
    case 'fill': return e.orderId === 'unrecorded' ? `fill:anon:${randomUUID()}` : `fill:${e.orderId}`;
    case 'shipments': return `shipments:${e.orderId}:${[...e.shipmentIds].sort().join(',')}`;
    case 'replenishment': return `po:${e.poNumber}:${e.locationId}:${e.receivedAt}`;
    case 'supplier': return `supplier:${e.supplierId}:${randomUUID()}`;
    case 'purchaseOrder': return `open-po:${e.poNumber}:${randomUUID()}`;
  }
}
