// Promotion risk: demand over the promotion days (forecast mean and variance per day, times the
// uplift), the units available in time (free stock now plus incoming, each counted as quantity ×
// supplier trust × chance it arrives before the promotion ends), and the probability that demand
// exceeds them under a normal approximation of the total (continuity-corrected).
import { normalCdf } from './normal';

export interface PromotionRiskInput {
  dailyMean: ArrayLike<number>;
  dailySd: ArrayLike<number>;
  upliftPct: number;
  onHand: number;
  incoming: Array<{ quantity: number; trust: number; arrivalProbability: number }>;
}

export interface PromotionRiskResult {
  expectedDemand: number;
  sdDemand: number;
  onHandUnits: number;
  incomingUnits: number;
  availableUnits: number;
  stockoutProbability: number;
}

export function promotionRisk(input: PromotionRiskInput): PromotionRiskResult {
  const lift = Math.max(0, 1 + input.upliftPct / 100);
  let mean = 0;
  let variance = 0;
  for (let d = 0; d < input.dailyMean.length; d++) {
    mean += input.dailyMean[d] * lift;
    variance += (input.dailySd[d] * lift) ** 2;
  }
  const onHandUnits = Math.max(0, Math.floor(input.onHand));
  let incomingUnits = 0;
  for (const i of input.incoming) incomingUnits += Math.max(0, i.quantity) * clamp01(i.trust) * clamp01(i.arrivalProbability);
  const availableUnits = Math.floor(onHandUnits + incomingUnits);
  const sd = Math.sqrt(variance);
  const stockoutProbability = sd > 0 ? 1 - normalCdf((availableUnits + 0.5 - mean) / sd) : mean > availableUnits ? 1 : 0;
  return { expectedDemand: mean, sdDemand: sd, onHandUnits, incomingUnits, availableUnits, stockoutProbability };
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
