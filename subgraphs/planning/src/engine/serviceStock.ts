// Safety stock and reorder point from the forecast distribution over the lead time: the daily
// forecast means and standard deviations (pooledQuantileForecast) summed over the lead time L,
// days independent, plus lead-time uncertainty: σ²_L = Σ σ²_d + d̄²·s_L². A cycle service level
// target sets SS = Φ⁻¹(CSL)·σ_L; a fill-rate target β solves σ_L·G(k) = (1 − β)·Q.
import { normalLoss, normalSurvival } from './normal';
import { safetyStockForServiceLevel } from './safetyStock';
import type { ServiceTarget } from './inventoryClasses';

export interface ServiceStock {
  meanDuringLeadTime: number;
  sdDuringLeadTime: number;
  safetyStock: number;
  reorderPoint: number;
}

export function serviceStock(mean: ArrayLike<number>, sd: ArrayLike<number>, leadTimeDays: number, leadTimeSdDays: number, target: ServiceTarget, orderQuantity: number): ServiceStock {
  const whole = Math.floor(leadTimeDays);
  const part = leadTimeDays - whole;
  let mu = 0;
  let variance = 0;
  let dayMean = 0;
  const n = Math.min(mean.length, Math.ceil(leadTimeDays));
  for (let h = 0; h < n; h++) {
    const w = h < whole ? 1 : part;
    mu += w * mean[h];
    variance += w * sd[h] ** 2;
    dayMean += mean[h] / Math.max(1, n);
  }
  variance += dayMean ** 2 * leadTimeSdDays ** 2;
  return fromMoments(mu, Math.sqrt(variance), target, orderQuantity);
}

/** The same for a flat daily mean and σ over `days` (the network plan's many positions). */
export function serviceStockFlat(dailyMean: number, dailySd: number, days: number, leadTimeSdDays: number, target: ServiceTarget, orderQuantity: number): ServiceStock {
  return fromMoments(dailyMean * days, Math.sqrt(days * dailySd ** 2 + dailyMean ** 2 * leadTimeSdDays ** 2), target, orderQuantity);
}

const zByLevel = new Map<number, number>();

function fromMoments(mu: number, sigma: number, target: ServiceTarget, orderQuantity: number): ServiceStock {
  const safety = safetyStockFor(target, sigma, orderQuantity);
  return { meanDuringLeadTime: mu, sdDuringLeadTime: sigma, safetyStock: safety, reorderPoint: mu + safety };
}

/** Safety stock for a class target given σ over the protection period and the order quantity (fill rate). */
export function safetyStockFor(target: ServiceTarget, sigma: number, orderQuantity: number): number {
  let safety = 0;
  if (sigma > 0 && target.kind === 'CYCLE_SERVICE_LEVEL') {
    let z = zByLevel.get(target.value);
    if (z === undefined) zByLevel.set(target.value, (z = safetyStockForServiceLevel(target.value, 1)));
    safety = Math.max(0, z * sigma);
  } else if (sigma > 0) {
    if (!(target.value > 0 && target.value < 1)) throw new RangeError('fill rate must be in (0, 1)');
    safety = Math.max(0, inverseLossNewton(((1 - target.value) * Math.max(1, orderQuantity)) / sigma) * sigma);
  }
  return safety;
}

/**
 * k with G(k) = target by Newton's method (G is convex and decreasing, G′ = −(1 − Φ)): from a
 * start left of the root it converges monotonically, in a handful of steps where the bisection of
 * inverseNormalLoss takes fifty; the tests check both agree.
 */
export function inverseLossNewton(target: number): number {
  if (!(target > 0)) return Infinity;
  let k = Math.min(0, -target) - 1;
  for (let i = 0; i < 100; i++) {
    const survival = normalSurvival(k);
    if (!(survival > 0)) break;
    const step = (normalLoss(k) - target) / survival;
    k += step;
    if (Math.abs(step) < 1e-10 * Math.max(1, Math.abs(k))) break;
  }
  return k;
}
