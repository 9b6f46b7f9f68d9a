// The replenishment plan for one location: for each SKU, what to order from suppliers or transfer
// from DCs now. Pure: the subgraph gathers stock, incoming supply and forecasts and passes them in.
// Method (README "Replenishment"): protection period P = R + L with L the lead time of the fastest
// source that can supply; safety stock z·√(Σσ_d² + d̄²·s_L²) over L (reorder point) and over P
// (order-up-to level); inventory position counts incoming supply weighted by the trust in its type
// and only if due within P; backorders and pre-orders are owed out of it.
import { economicOrderQuantity } from './economicOrderQuantity';
import { normalInv } from './normal';
import { safetyStockFor } from './serviceStock';
import {
  DEFAULT_REPLENISHMENT_POLICY,
  type ReplenishmentItem,
  type ReplenishmentItemPlan,
  type ReplenishmentLine,
  type ReplenishmentPlan,
  type ReplenishmentPolicy,
  type SupplySource,
} from './replenishmentTypes';

/** Mean daily demand on day d; past the end of the forecast, the mean of its last 7 days. */
function demandOn(forecast: ArrayLike<number>, d: number): number {
  if (d < forecast.length) return Math.max(0, forecast[d]);
  const from = Math.max(0, forecast.length - 7);
  let s = 0;
  for (let i = from; i < forecast.length; i++) s += Math.max(0, forecast[i]);
  return forecast.length > from ? s / (forecast.length - from) : 0;
}

function sdOn(item: ReplenishmentItem, d: number): number {
  const sd = item.forecastSd;
  if (typeof sd === 'number') return sd;
  if (sd && sd.length > 0) return Math.max(0, sd[Math.min(d, sd.length - 1)]);
  return Math.sqrt(demandOn(item.forecast, d));
}

/** Mean and variance of demand over the first `days` days (a fractional last day counts pro rata). */
function demandOver(item: ReplenishmentItem, days: number): { mean: number; variance: number } {
  let mean = 0;
  let variance = 0;
  for (let d = 0; d < Math.ceil(days); d++) {
    const share = Math.min(1, days - d);
    mean += share * demandOn(item.forecast, d);
    variance += share * sdOn(item, d) ** 2;
  }
  return { mean, variance };
}

function roundToPack(q: number, source: SupplySource): number {
  if (q <= 0) return 0;
  const pack = source.packSize && source.packSize > 0 ? source.packSize : 1;
  return Math.max(Math.ceil(q / pack - 1e-9) * pack, source.minimumOrder ?? 0);
}

function planItem(item: ReplenishmentItem, policy: ReplenishmentPolicy): ReplenishmentItemPlan {
  const z = normalInv(policy.cycleServiceLevel);
  const usable = item.sources.filter((s) => s.kind === 'SUPPLIER' || (s.available ?? 0) > 0).sort((a, b) => a.leadTimeDays - b.leadTimeDays);
  const fastest = usable[0] ?? item.sources.slice().sort((a, b) => a.leadTimeDays - b.leadTimeDays)[0];
  const L = fastest ? fastest.leadTimeDays : 0;
  const sL = fastest?.leadTimeSdDays ?? 0;
  const P = L + policy.reviewPeriodDays;

  const overL = demandOver(item, L);
  const overP = demandOver(item, P);
  const rateL = L > 0 ? overL.mean / L : demandOn(item.forecast, 0);
  const rateP = P > 0 ? overP.mean / P : demandOn(item.forecast, 0);
  const sigmaL = Math.sqrt(overL.variance + rateL * rateL * sL * sL);
  const sigmaP = Math.sqrt(overP.variance + rateP * rateP * sL * sL);
  // a class target may ask for a fill rate: the order quantity is a review period's demand
  const cycle = Math.max(1, rateP * policy.reviewPeriodDays);
  const safetyStock = item.target ? safetyStockFor(item.target, sigmaL, cycle) : z * sigmaL;
  const safetyP = item.target ? safetyStockFor(item.target, sigmaP, cycle) : z * sigmaP;
  const reorderPoint = overL.mean + safetyStock;
  const orderUpTo = overP.mean + safetyP;

  let trustedIncoming = 0;
  let lateIncoming = 0;
  for (const inc of item.incoming) {
    if (!(inc.quantity > 0)) continue;
    const trust = Math.min(1, Math.max(0, inc.trust ?? policy.supplyTrust[inc.type] ?? policy.defaultTrust));
    if (inc.etaDays <= P) trustedIncoming += trust * inc.quantity;
    else lateIncoming += inc.quantity;
  }
  const sellable = Math.max(0, item.onHand - item.held);
  const backlog = Math.max(0, item.backorders) + Math.max(0, item.preorders);
  const inventoryPosition = sellable - backlog + trustedIncoming;
  const backlogFromStock = Math.min(backlog, sellable);
  const backlogFromIncoming = Math.min(backlog - backlogFromStock, trustedIncoming);

  let need = 0;
  if (policy.orderQuantity === 'EOQ' && item.costs && rateP > 0) {
    if (inventoryPosition < reorderPoint) {
      const q = economicOrderQuantity(item.costs.orderCost, item.costs.holdingCostPerUnitDay, rateP).quantity;
      need = q * Math.ceil((reorderPoint - inventoryPosition) / q);
    }
  } else need = Math.max(0, orderUpTo - inventoryPosition);

  // Transfers from DCs with spare stock first (fastest first), the rest from the fastest supplier.
  const lines: ReplenishmentLine[] = [];
  let left = need;
  for (const s of usable) {
    if (left <= 0) break;
    if (s.kind === 'DC') {
      const pack = s.packSize && s.packSize > 0 ? s.packSize : 1;
      const spare = Math.floor((s.available ?? 0) / pack) * pack;
      const q = Math.min(spare, roundToPack(left, s));
      if (q > 0 && q >= (s.minimumOrder ?? 0)) {
        lines.push({ sku: item.sku, action: 'TRANSFER', sourceId: s.id, quantity: q, leadTimeDays: s.leadTimeDays });
        left -= q;
      }
    }
  }
  const supplier = usable.find((s) => s.kind === 'SUPPLIER');
  if (left > 0 && supplier) {
    lines.push({ sku: item.sku, action: 'PURCHASE', sourceId: supplier.id, quantity: roundToPack(left, supplier), leadTimeDays: supplier.leadTimeDays });
    left = 0;
  }
  const ordered = lines.reduce((s, l) => s + l.quantity, 0);

  return {
    sku: item.sku,
    leadTimeDays: L,
    safetyStock,
    reorderPoint,
    orderUpTo,
    inventoryPosition,
    trustedIncoming,
    lateIncoming,
    orderQuantity: ordered,
    unsourced: Math.max(0, left),
    lines,
    backlogFromStock,
    backlogFromIncoming,
    backlogUncovered: backlog - backlogFromStock - backlogFromIncoming,
    projectedStockoutDay: projectStockout(item, policy, P),
  };
}

/**
 * Day-by-day projection without a new order: sellable stock less backorders, plus trusted incoming
 * on its day (pre-orders take their share of each arrival first), less the day's mean demand.
 */
function projectStockout(item: ReplenishmentItem, policy: ReplenishmentPolicy, horizon: number): number | null {
  let stock = Math.max(0, item.onHand - item.held) - Math.max(0, item.backorders);
  let preorders = Math.max(0, item.preorders);
  const arrivals = item.incoming
    .filter((i) => i.quantity > 0)
    .map((i) => ({ day: Math.max(0, Math.ceil(i.etaDays)), quantity: i.quantity * Math.min(1, Math.max(0, policy.supplyTrust[i.type] ?? policy.defaultTrust)) }));
  for (let d = 0; d < Math.ceil(horizon); d++) {
    for (const a of arrivals) {
      if (a.day !== d) continue;
      const toPreorders = Math.min(preorders, a.quantity);
      preorders -= toPreorders;
      stock += a.quantity - toPreorders;
    }
    stock -= demandOn(item.forecast, d);
    if (stock < 0) return d;
  }
  return null;
}

export function planReplenishment(locationId: string, items: ReplenishmentItem[], policy: Partial<ReplenishmentPolicy> = {}): ReplenishmentPlan {
  const p: ReplenishmentPolicy = { ...DEFAULT_REPLENISHMENT_POLICY, ...policy };
  if (!(p.cycleServiceLevel > 0 && p.cycleServiceLevel < 1)) throw new RangeError('cycle service level must be in (0, 1)');
  if (!(p.reviewPeriodDays >= 0)) throw new RangeError('review period must be non-negative');
  const plans = items.map((item) => planItem(item, p));
  return { locationId, items: plans, lines: plans.flatMap((i) => i.lines) };
}
