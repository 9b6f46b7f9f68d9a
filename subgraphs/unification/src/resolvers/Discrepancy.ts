import type { Discrepancy } from '@stockgraph/shared/reconcile';
import type { Registry } from '@stockgraph/shared/registry';

/**
 * A stored discrepancy as the graph's StockDiscrepancy: the SKU as an entity reference, the
 * location as the registry has it (this subgraph owns Location, so nothing else fills in its fields).
 */
export function discrepancyModel(d: Discrepancy, registry: Registry) {
  const location = registry.location(d.locationId);
  return location ? { ...d, counted: d.counted ?? null, sku: { id: d.sku }, location } : null;
}
