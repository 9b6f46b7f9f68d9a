// Seasonal naive: tomorrow is what the same day of the last season was. The yardstick every
// other method must beat, and the fallback for very short histories.
import type { Series } from './accuracyMetrics';

export function seasonalNaive(history: Series, horizon: number, period: number, end = history.length): Float64Array {
  const out = new Float64Array(horizon);
  if (end === 0) return out;
  const m = Math.min(period, end);
  for (let h = 0; h < horizon; h++) out[h] = history[end - m + (h % m)];
  return out;
}
