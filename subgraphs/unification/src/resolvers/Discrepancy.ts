import type { Discrepancy } from '@stockgraph/shared/reconcile/DiscrepancyStore';

/** A stored discrepancy as the graph's StockDiscrepancy: SKU and location as entity references. */
export function discrepancyModel(d: Discrepancy) {
  return { ...d, counted: d.counted ?? null, sku: { id: d.sku }, location: { id: d.locationId } };
}
