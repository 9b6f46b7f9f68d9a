import { availableToSell, type Position, type StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import { DEFAULT_CLASS_TARGETS, xyzOf, type InventoryClass, type ServiceTarget } from '../engine/inventoryClasses';
import { arrivalProbability } from '../engine/planNetwork';
import { planReplenishment } from '../engine/planReplenishment';
import { DEFAULT_REPLENISHMENT_POLICY, type IncomingSupply, type ReplenishmentItem, type ReplenishmentItemPlan, type SupplySource } from '../engine/replenishmentTypes';
import type { SupplyBook } from '../feed/SupplyBook';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import { forecastPosition } from './forecastPosition';
import { locationAbc } from './locationClasses';

/** used when the ERP has no lead time for the SKU's supplier (README) */
export const DEFAULT_SUPPLIER_LEAD_TIME_DAYS = 14;
/** a transfer from a DC to a store */
export const DC_TRANSFER_LEAD_TIME_DAYS = 2;
/** days between planning runs */
export const REVIEW_DAYS = 7;

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
  inventoryClass: InventoryClass;
  target: ServiceTarget;
  supplierTrust: number | null;
  explanation: string;
}

/** the trust counted for an open PO when the ERP gives none for its supplier */
export const DEFAULT_SUPPLIER_TRUST = 0.9;
const MS_PER_DAY = 86_400_000;

/**
 * The replenishment plan of some SKUs at one location. Demand: the pooled quantile forecast's
 * daily mean and σ over the protection period (forecastPosition). Target: the SKU's ABC class at
 * the location (demand value) × XYZ (forecast variability) → a cycle service level or fill rate.
 * Supply: the supplier's lead time from the registry (ERP), its trust and minimum order from the
 * ERP facts (SupplyBook), open POs at their order dates, each counted as quantity × trust × the
 * chance it arrives within the protection period; DCs' spare stock as 2-day transfer sources for a
 * store. SKUs without demand at the location are left out.
 */
export async function planPositions(
  d: { registry: Registry; ledger: StockLedger; history: DemandHistoryStore; supply: SupplyBook }, locationId: string, skus: readonly string[], today: number,
): Promise<PositionPlan[]> {
  const loc = d.registry.location(locationId);
  if (!loc || skus.length === 0) return [];
  const all = await d.ledger.getPositionsForSkus(skus);
  const abc = locationAbc(d.history, d.registry, locationId, today);
  const out: PositionPlan[] = [];
  skus.forEach((sku, i) => {
    const rec = d.registry.sku(sku);
    const L = rec?.leadTimeDays ?? DEFAULT_SUPPLIER_LEAD_TIME_DAYS;
    const sL = rec?.leadTimeSdDays ?? 0;
    const f = forecastPosition(d.history, sku, locationId, today, Math.ceil(L) + REVIEW_DAYS + 1, [0.5], false);
    if (f.reason) return;
    const position = all[i].find((p) => p.locationId === locationId) ?? null;
    const vendorId = rec?.vendor?.id ?? 'SUPPLIER';
    const terms = d.supply.supplier(vendorId);
    const trust = terms?.trust ?? DEFAULT_SUPPLIER_TRUST;
    const supplier = { id: vendorId, leadTimeDays: L, leadTimeSdDays: sL, trust };
    const sources: SupplySource[] = [{ kind: 'SUPPLIER', id: vendorId, leadTimeDays: L, leadTimeSdDays: sL, packSize: rec?.packSize ?? 1, minimumOrder: terms?.minimumOrderUnits ?? 0 }];
    if (loc.type === 'STORE') {
      for (const p of all[i]) {
        if (d.registry.location(p.locationId)?.type !== 'DISTRIBUTION_CENTER') continue;
        sources.push({ kind: 'DC', id: p.locationId, leadTimeDays: DC_TRANSFER_LEAD_TIME_DAYS, available: availableToSell(p) });
      }
    }
    const protection = L + REVIEW_DAYS;
    const lines = d.supply.openLines(sku, locationId);
    const incoming: IncomingSupply[] = lines.length > 0
      ? lines.map((l) => {
        const orderedDay = Math.floor(l.orderedAt / MS_PER_DAY);
        return { type: 'PURCHASE_ORDER', quantity: l.quantity, etaDays: Math.max(0, orderedDay + L - today), trust: trust * arrivalProbability(orderedDay, today + protection, supplier) };
      })
      // no PO facts from the ERP batch yet: the ledger knows how much is on order, not when
      : position && position.incoming > 0 ? [{ type: 'PURCHASE_ORDER', quantity: position.incoming, etaDays: L, trust }] : [];
    const days = f.mean.length;
    const dailyMean = f.mean.reduce((a, b) => a + b, 0) / days;
    const dailySd = Math.sqrt(f.sd.reduce((a, b) => a + b * b, 0) / days);
    const inventoryClass: InventoryClass = `${abc.get(sku) ?? 'C'}${xyzOf(dailyMean, dailySd)}`;
    const target = DEFAULT_CLASS_TARGETS[inventoryClass];
    const item: ReplenishmentItem = {
      sku, onHand: position?.onHand ?? 0, held: position?.reserved ?? 0, backorders: 0, preorders: 0,
      incoming, forecast: f.mean, forecastSd: f.sd, sources, target,
    };
    const plan = planReplenishment(locationId, [item], { ...DEFAULT_REPLENISHMENT_POLICY, reviewPeriodDays: REVIEW_DAYS }).items[0];
    const first = plan.lines[0];
    const action = !first ? 'NONE' : first.action === 'TRANSFER' ? 'TRANSFER' : 'ORDER';
    const explanation = `${inventoryClass}: ${target.kind === 'CYCLE_SERVICE_LEVEL' ? 'cycle service level' : 'fill rate'} ${target.value}; forecast ${dailyMean.toFixed(2)}/day (σ ${dailySd.toFixed(2)}) over lead time ${plan.leadTimeDays} days${sL ? ` (σ ${sL})` : ''} → safety stock ${plan.safetyStock.toFixed(1)}, reorder point ${plan.reorderPoint.toFixed(1)}; position ${plan.inventoryPosition.toFixed(1)} counts ${plan.trustedIncoming.toFixed(1)} incoming (supplier trust ${trust}${terms?.trust == null ? ', not given by the ERP' : ''})${first ? `; ${action.toLowerCase()} ${first.quantity} from ${first.sourceId}` : '; nothing to order'}`;
    out.push({ sku, locationId, plan, position, demandMean: dailyMean, demandSd: dailySd, action, source: first?.sourceId ?? null, inventoryClass, target, supplierTrust: terms?.trust ?? null, explanation });
  });
  return out;
}
