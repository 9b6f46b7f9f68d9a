// Safety stock, service levels and reorder points under normally distributed lead-time demand
// (Chopra & Meindl, ch. 12). All quantities are in the same units; periods are whatever unit the
// demand rate is given in (days for the planner, weeks in the textbook examples).
import { inverseNormalLoss, normalCdf, normalInv, normalLoss } from './normal';

export interface DemandDuringLeadTimeInput {
  /** mean demand per period (d) */
  demandMean: number;
  /** standard deviation of demand per period (σd) */
  demandSd: number;
  /** mean lead time in periods (L) */
  leadTime: number;
  /** standard deviation of the lead time in periods (s_L); 0 when the lead time is certain */
  leadTimeSd?: number;
}

export interface DemandDuringLeadTime {
  /** D_L = d·L */
  mean: number;
  /** σ_L = √(L·σd² + d²·s_L²) */
  sd: number;
}

/** Mean and standard deviation of demand over the replenishment lead time. */
export function demandDuringLeadTime(input: DemandDuringLeadTimeInput): DemandDuringLeadTime {
  const { demandMean: d, demandSd: sd, leadTime: L } = input;
  const sL = input.leadTimeSd ?? 0;
  if (d < 0 || sd < 0 || L < 0 || sL < 0) throw new RangeError('demand and lead-time figures must be non-negative');
  return { mean: d * L, sd: Math.sqrt(L * sd * sd + d * d * sL * sL) };
}

/** Safety stock for a target cycle service level: SS = Φ⁻¹(CSL)·σ_L. */
export function safetyStockForServiceLevel(cycleServiceLevel: number, sdDuringLeadTime: number): number {
  if (!(cycleServiceLevel > 0 && cycleServiceLevel < 1)) throw new RangeError('cycle service level must be in (0, 1)');
  return normalInv(cycleServiceLevel) * sdDuringLeadTime;
}

/** Cycle service level (probability of no stock-out in a cycle) that a safety stock gives. */
export function cycleServiceLevel(safetyStock: number, sdDuringLeadTime: number): number {
  if (sdDuringLeadTime <= 0) return safetyStock >= 0 ? 1 : 0;
  return normalCdf(safetyStock / sdDuringLeadTime);
}

/** Expected shortage per replenishment cycle: ESC = σ_L·G(SS/σ_L). */
export function expectedShortagePerCycle(safetyStock: number, sdDuringLeadTime: number): number {
  if (sdDuringLeadTime <= 0) return Math.max(0, -safetyStock);
  return sdDuringLeadTime * normalLoss(safetyStock / sdDuringLeadTime);
}

/** Product fill rate (share of demand served from stock) with lot size Q: 1 − ESC/Q. */
export function fillRate(safetyStock: number, sdDuringLeadTime: number, orderQuantity: number): number {
  if (!(orderQuantity > 0)) throw new RangeError('order quantity must be positive');
  return Math.max(0, 1 - expectedShortagePerCycle(safetyStock, sdDuringLeadTime) / orderQuantity);
}

/**
 * Safety stock for a target fill rate β: solve G(k) = (1 − β)·Q/σ_L for the safety factor k,
 * SS = k·σ_L. Returns both, since planners quote k.
 */
export function safetyStockForFillRate(targetFillRate: number, orderQuantity: number, sdDuringLeadTime: number): { k: number; safetyStock: number } {
  if (!(targetFillRate > 0 && targetFillRate < 1)) throw new RangeError('fill rate must be in (0, 1)');
  if (!(orderQuantity > 0)) throw new RangeError('order quantity must be positive');
  if (sdDuringLeadTime <= 0) return { k: 0, safetyStock: 0 };
  const k = inverseNormalLoss(((1 - targetFillRate) * orderQuantity) / sdDuringLeadTime);
  return { k, safetyStock: k * sdDuringLeadTime };
}

/** Reorder point: ROP = D_L + SS. */
export function reorderPoint(meanDuringLeadTime: number, safetyStock: number): number {
  return meanDuringLeadTime + safetyStock;
}

export interface OrderUpToInput {
  demandMean: number;
  demandSd: number;
  /** review period R */
  reviewPeriod: number;
  leadTime: number;
  leadTimeSd?: number;
  cycleServiceLevel: number;
}

/**
 * Periodic review (R, S): the order-up-to level covers demand over R + L,
 * S = d·(R + L) + Φ⁻¹(CSL)·√((R + L)·σd² + d²·s_L²).
 */
export function orderUpToLevel(input: OrderUpToInput): { orderUpTo: number; safetyStock: number; sdOverProtection: number } {
  const protection = demandDuringLeadTime({
    demandMean: input.demandMean,
    demandSd: input.demandSd,
    leadTime: input.reviewPeriod + input.leadTime,
    leadTimeSd: input.leadTimeSd,
  });
  const safetyStock = safetyStockForServiceLevel(input.cycleServiceLevel, protection.sd);
  return { orderUpTo: protection.mean + safetyStock, safetyStock, sdOverProtection: protection.sd };
}
