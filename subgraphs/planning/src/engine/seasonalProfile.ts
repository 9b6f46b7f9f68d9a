// A multiplicative day-of-week (or any period) profile: each position's share of demand relative
// to the average position, over a window. Positions are absolute (index mod period), so a
// profile lines up with any later index of the same series. A position that never sold in the
// window (a closed day: no Saturday trading in the Online Retail file) gets exactly 0.
import type { Series } from './accuracyMetrics';

export function seasonalProfile(x: Series, period: number, from = 0, end = x.length, shrinkage = 3): Float64Array {
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  const sold = new Float64Array(period);
  for (let i = from; i < end; i++) {
    const v = x[i];
    const j = i % period;
    counts[j]++;
    if (v > 0) {
      sums[j] += v;
      sold[j]++;
    }
  }
  let mean = 0;
  for (let j = 0; j < period; j++) {
    sums[j] = counts[j] > 0 ? sums[j] / counts[j] : 0;
    mean += sums[j] / period;
  }
  const profile = new Float64Array(period);
  if (!(mean > 0)) return profile.fill(1);
  // Shrink towards 1 by the number of sales seen at the position, so a few lucky sales on one
  // weekday do not become a pattern; positions that never sold stay at 0.
  let total = 0;
  for (let j = 0; j < period; j++) {
    if (sold[j] === 0) continue;
    profile[j] = (sold[j] * (sums[j] / mean) + shrinkage) / (sold[j] + shrinkage);
    total += profile[j];
  }
  const scale = total > 0 ? period / total : 1;
  for (let j = 0; j < period; j++) profile[j] *= scale;
  return profile;
}

/**
 * Positions (days of the week) on which the series never sold although it sells often on the
 * others: treated as closed, so every method forecasts 0 there. A position counts as closed when
 * the chance of seeing no sale in all its n occurrences, at the sale frequency q of the other
 * positions, is below `significance`: (1 − q)ⁿ < significance. An item that sells now and then
 * never gets a closed day by accident.
 */
export function closedPositions(x: Series, period: number, from = 0, end = x.length, significance = 1e-3): Uint8Array {
  const seen = new Float64Array(period);
  const sold = new Float64Array(period);
  let totalSeen = 0;
  let totalSold = 0;
  for (let i = from; i < end; i++) {
    seen[i % period]++;
    totalSeen++;
    if (x[i] > 0) {
      sold[i % period]++;
      totalSold++;
    }
  }
  const closed = new Uint8Array(period);
  for (let j = 0; j < period; j++) {
    if (sold[j] > 0 || seen[j] === 0) continue;
    const q = totalSold / Math.max(1, totalSeen - seen[j]);
    closed[j] = Math.pow(1 - q, seen[j]) < significance ? 1 : 0;
  }
  return closed;
}
