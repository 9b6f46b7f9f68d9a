import { availableToSell, type Position, type StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import { planReplenishment } from '../engine/planReplenishment';
import type { ReplenishmentItem, ReplenishmentItemPlan, SupplySource } from '../engine/replenishmentTypes';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';

/** used when the ERP has no lead time for the SKU's supplier (README) */
export const DEFAULT_SUPPLIER_LEAD_TIME_DAYS = 14;
/** a transfer from a DC to a store */
export const DC_TRANSFER_LEAD_TIME_DAYS = 2;
/** days of history the demand mean and σ are taken from */
export const DEMAND_WINDOW_DAYS = 56;

export interface PositionPlan {
  sku: string;
  locationId: string;
  plan: ReplenishmentItemPlan;
  position: Position | null;
  demandMean: number;
  demandSd: number;
  /** ORDER (from the supplier), TRANSFER (from a DC) or NONE */
  action: 'ORDER' | 'TRANSFER' | 'NONE';
  source: string | null;
}

/** Mean and sample σ of daily demand over the last `days` days ending `today`; null without any. */
export function demandStats(history: DemandHistoryStore, sku: string, locationId: string, today: number, days = DEMAND_WINDOW_DAYS): { mean: number; sd: number } | null {
  const x = history.series(sku, locationId, today, days);
  let sum = 0;
  let any = false;
  for (const v of x) { sum += v; if (v !== 0) any = true; }
  if (!any) return null;
  const mean = Math.max(0, sum / x.length);
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / Math.max(1, x.length - 1)) };
}

/**
 * The replenishment plan of some SKUs at one location, from the ledger (on hand, reserved →
 * held, incoming as an open purchase order due within the supplier lead time), the supplier lead
 * time in the registry, DCs' spare stock as transfer sources for a store, and demand mean/σ from
 * the history. SKUs without demand history are left out.
 */
export async function planPositions(
  d: { registry: Registry; ledger: StockLedger; history: DemandHistoryStore }, locationId: string, skus: readonly string[], today: number,
): Promise<PositionPlan[]> {
  const loc = d.registry.location(locationId);
  if (!loc || skus.length === 0) return [];
  const all = await d.ledger.getPositionsForSkus(skus);
  const out: PositionPlan[] = [];
  skus.forEach((sku, i) => {
    const stats = demandStats(d.history, sku, locationId, today);
    if (!stats) return;
    const rec = d.registry.sku(sku);
    const position = all[i].find((p) => p.locationId === locationId) ?? null;
    const L = rec?.leadTimeDays ?? DEFAULT_SUPPLIER_LEAD_TIME_DAYS;
    const sources: SupplySource[] = [{ kind: 'SUPPLIER', id: rec?.vendor?.id ?? 'SUPPLIER', leadTimeDays: L, leadTimeSdDays: rec?.leadTimeSdDays ?? 0, packSize: rec?.packSize ?? 1 }];
    if (loc.type === 'STORE') {
      for (const p of all[i]) {
        if (d.registry.location(p.locationId)?.type !== 'DISTRIBUTION_CENTER') continue;
        sources.push({ kind: 'DC', id: p.locationId, leadTimeDays: DC_TRANSFER_LEAD_TIME_DAYS, available: availableToSell(p) });
      }
    }
    const item: ReplenishmentItem = {
      sku, onHand: position?.onHand ?? 0, held: position?.reserved ?? 0, backorders: 0, preorders: 0,
      // the ledger knows how much is on order, not when: an open PO is due within the lead time
      incoming: position && position.incoming > 0 ? [{ type: 'PURCHASE_ORDER', quantity: position.incoming, etaDays: L }] : [],
      forecast: [stats.mean], forecastSd: stats.sd, sources,
    };
    const plan = planReplenishment(locationId, [item]).items[0];
    const first = plan.lines[0];
    out.push({
      sku, locationId, plan, position, demandMean: stats.mean, demandSd: stats.sd,
      action: !first ? 'NONE' : first.action === 'TRANSFER' ? 'TRANSFER' : 'ORDER', source: first?.sourceId ?? null,
    });
  });
  return out;
}
