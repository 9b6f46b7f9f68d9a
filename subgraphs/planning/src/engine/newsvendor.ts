// The single-period newsvendor with normal demand (Snyder & Shen §4.3): holding (overage) cost h,
// stock-out (underage) cost p per unit.
import { normalInv, normalLoss, normalPdf } from './normal';

/** Expected cost of stocking S: g(S) = h·E[(S − D)⁺] + p·E[(D − S)⁺]. */
export function newsvendorCost(level: number, holdingCost: number, stockoutCost: number, mean: number, sd: number): number {
  if (sd <= 0) return level >= mean ? holdingCost * (level - mean) : stockoutCost * (mean - level);
  const shortage = sd * normalLoss((level - mean) / sd);
  const overage = level - mean + shortage;
  return holdingCost * overage + stockoutCost * shortage;
}

/** S* = μ + σ·Φ⁻¹(p/(p + h)); its cost is (h + p)·σ·φ(z). */
export function newsvendorNormal(holdingCost: number, stockoutCost: number, mean: number, sd: number): { level: number; cost: number; criticalRatio: number } {
  if (!(holdingCost > 0 && stockoutCost > 0)) throw new RangeError('costs must be positive');
  if (!(sd >= 0)) throw new RangeError('sd must be non-negative');
  const criticalRatio = stockoutCost / (stockoutCost + holdingCost);
  const z = normalInv(criticalRatio);
  return { level: mean + sd * z, cost: (holdingCost + stockoutCost) * sd * normalPdf(z), criticalRatio };
}
