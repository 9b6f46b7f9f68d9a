// Continuous-review (r, Q) policies with normal demand (Snyder & Shen ch. 5). Demand per unit time
// has mean λ and sd τ; lead-time demand is N(λL, τ²L).
import { economicOrderQuantity } from './economicOrderQuantity';
import { newsvendorCost, newsvendorNormal } from './newsvendor';
import { normalInv, normalLoss, normalLoss2 } from './normal';

export interface RQParams {
  holdingCost: number;
  stockoutCost: number;
  fixedCost: number;
  demandMean: number;
  demandSd: number;
  leadTime: number;
}

export interface RQPolicy {
  reorderPoint: number;
  orderQuantity: number;
}

function leadTimeDemand(p: RQParams): { mu: number; sigma: number } {
  if (!(p.holdingCost > 0 && p.stockoutCost > 0 && p.fixedCost > 0)) throw new RangeError('costs must be positive');
  if (p.demandMean < 0 || p.demandSd < 0 || p.leadTime < 0) throw new RangeError('demand and lead time must be non-negative');
  return { mu: p.demandMean * p.leadTime, sigma: p.demandSd * Math.sqrt(p.leadTime) };
}

/**
 * Exact expected cost per unit time, g(r, Q) = (K·λ + ∫_r^{r+Q} g(y) dy)/Q with g the newsvendor
 * cost; the integral is closed-form through the second-order loss function.
 */
export function rqCost(reorderPoint: number, orderQuantity: number, p: RQParams): number {
  if (!(orderQuantity > 0)) throw new RangeError('order quantity must be positive');
  const { mu, sigma } = leadTimeDemand(p);
  const a = reorderPoint - mu;
  const b = a + orderQuantity;
  const holdingPart = (p.holdingCost * (b * b - a * a)) / 2;
  const shortageArea = sigma > 0 ? sigma * sigma * (normalLoss2(a / sigma) - normalLoss2(b / sigma)) : (Math.max(0, -a) ** 2 - Math.max(0, -b) ** 2) / 2;
  return (p.fixedCost * p.demandMean + holdingPart + (p.holdingCost + p.stockoutCost) * shortageArea) / orderQuantity;
}

/** The best reorder point for a given Q solves g(r) = g(r + Q) (bisection on a monotone gap). */
export function rqOptimalReorderPoint(orderQuantity: number, p: RQParams): number {
  const { mu, sigma } = leadTimeDemand(p);
  const g = (y: number) => newsvendorCost(y, p.holdingCost, p.stockoutCost, mu, sigma);
  const best = newsvendorNormal(p.holdingCost, p.stockoutCost, mu, sigma).level;
  let lo = best - orderQuantity;
  let hi = best;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) > g(mid + orderQuantity)) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** EOQ + SS: Q is the EOQ, r the newsvendor level of lead-time demand at ratio p/(p + h). */
export function rqEoqPlusSafetyStock(p: RQParams): RQPolicy {
  const { mu, sigma } = leadTimeDemand(p);
  return {
    orderQuantity: economicOrderQuantity(p.fixedCost, p.holdingCost, p.demandMean).quantity,
    reorderPoint: newsvendorNormal(p.holdingCost, p.stockoutCost, mu, sigma).level,
  };
}

/**
 * Expected-inventory-level approximation (Hadley & Whitin), iterated from Q = EOQ:
 * r = F⁻¹(1 − Q·h/(p·λ)), Q = √(2λ(K + p·n(r))/h). Cost h(r − λL + Q/2) + Kλ/Q + pλ·n(r)/Q.
 */
export function rqExpectedInventoryLevel(p: RQParams, tolerance = 1e-10): RQPolicy & { cost: number } {
  const { mu, sigma } = leadTimeDemand(p);
  const loss = (r: number) => (sigma > 0 ? sigma * normalLoss((r - mu) / sigma) : Math.max(0, mu - r));
  let Q = economicOrderQuantity(p.fixedCost, p.holdingCost, p.demandMean).quantity;
  let r = 0;
  let prevQ = Infinity;
  let prevR = Infinity;
  for (let i = 0; i < 1000 && (Math.abs(Q - prevQ) > tolerance || Math.abs(r - prevR) > tolerance); i++) {
    prevQ = Q;
    prevR = r;
    const ratio = 1 - (Q * p.holdingCost) / (p.stockoutCost * p.demandMean);
    if (!(ratio > 0)) throw new RangeError('no EIL solution: holding cost of a lot exceeds its stock-out cost');
    r = mu + sigma * normalInv(ratio);
    Q = Math.sqrt((2 * p.demandMean * (p.fixedCost + p.stockoutCost * loss(r))) / p.holdingCost);
  }
  const n = loss(r);
  const cost = p.holdingCost * (r - mu + Q / 2) + (p.fixedCost * p.demandMean) / Q + (p.stockoutCost * p.demandMean * n) / Q;
  return { reorderPoint: r, orderQuantity: Q, cost };
}
