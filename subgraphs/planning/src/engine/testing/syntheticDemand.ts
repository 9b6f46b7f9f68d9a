// Seeded synthetic daily demand for benchmarks and tests: a mix of fast movers with a weekly
// profile and drift, slow and intermittent movers, the odd bulk order, and some shops that never
// trade on one weekday. The same seed gives the same series.

export { mulberry32 } from '@stockgraph/shared/random';

/** Poisson draw by inversion (small means) or a rounded normal (large means). */
export function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) {
    const u = Math.max(rand(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  const u = rand();
  while (u > cdf && k < 1000) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

export interface SyntheticSeriesOptions {
  days: number;
  /** mean units per day; drawn log-normally when omitted */
  rate?: number;
}

export function syntheticSeries(rand: () => number, opts: SyntheticSeriesOptions): Float64Array {
  const { days } = opts;
  const rate = opts.rate ?? Math.exp(Math.log(2) + 1.5 * Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand()));
  const profile = [1.2, 1.1, 1.0, 1.0, 1.1, 0.9, 0.7].map((p) => p * (0.8 + 0.4 * rand()));
  const closedDay = rand() < 0.3 ? Math.floor(rand() * 7) : -1;
  const drift = (rand() - 0.5) * 0.004;
  const bulkChance = rand() < 0.3 ? 0.01 : 0;
  const out = new Float64Array(days);
  let level = 1;
  for (let t = 0; t < days; t++) {
    level = Math.max(0.05, level * (1 + drift + 0.02 * (rand() - 0.5)));
    const dow = t % 7;
    if (dow === closedDay) continue;
    let q = poisson(rand, rate * level * profile[dow]);
    if (bulkChance > 0 && rand() < bulkChance) q += Math.round(rate * (5 + 20 * rand()));
    out[t] = q;
  }
  return out;
}
