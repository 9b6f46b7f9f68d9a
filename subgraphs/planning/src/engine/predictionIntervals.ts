// Prediction intervals from backtest residuals. Errors y − ŷ of the chosen method at each
// rolling origin are divided by the seasonal profile of their day (so a quiet Sunday and a busy
// Tuesday share one error distribution), pooled by forecast week, and their empirical quantiles
// are added back to each point forecast, times that day's profile. Beyond the weeks the backtest
// covered, the spread grows with √(h / covered). Bounds are clamped to [0, ∞) and bracket the
// point; a closed day gets [0, 0].

export interface IntervalPoint {
  quantity: number;
  lower: number;
  upper: number;
}

/** Linear-interpolation sample quantile (R's type 7) of an ascending-sorted array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface ResidualPool {
  /** scaled errors by forecast week (0 = steps 1–7), each unsorted */
  byWeek: number[][];
  /** forecast steps the backtest covered */
  covered: number;
}

export function emptyResidualPool(): ResidualPool {
  return { byWeek: [], covered: 0 };
}

export function addResidual(pool: ResidualPool, step: number, error: number, profileValue: number, period: number): void {
  if (!(profileValue > 0)) return;
  const week = Math.floor(step / period);
  while (pool.byWeek.length <= week) pool.byWeek.push([]);
  pool.byWeek[week].push(error / profileValue);
  pool.covered = Math.max(pool.covered, step + 1);
}

export function intervalsFromResiduals(
  points: ArrayLike<number>,
  pool: ResidualPool,
  profileAt: (step: number) => number,
  level: number,
  period: number,
): IntervalPoint[] {
  const all = pool.byWeek.flat().sort((a, b) => a - b);
  const sortedWeeks = pool.byWeek.map((w) => (w.length >= 10 ? w.slice().sort((a, b) => a - b) : all));
  const pLo = (1 - level) / 2;
  const pHi = 1 - pLo;
  const out: IntervalPoint[] = [];
  for (let h = 0; h < points.length; h++) {
    const quantity = points[h];
    const profile = profileAt(h);
    if (all.length === 0 || !(profile > 0)) {
      out.push({ quantity, lower: profile > 0 ? 0 : quantity, upper: quantity });
      continue;
    }
    const week = Math.min(Math.floor(h / period), sortedWeeks.length - 1);
    const errors = sortedWeeks[week];
    const widen = h >= pool.covered ? Math.sqrt((h + 1) / pool.covered) : 1;
    const lower = Math.min(quantity, Math.max(0, quantity + quantileSorted(errors, pLo) * profile * widen));
    const upper = Math.max(quantity, quantity + quantileSorted(errors, pHi) * profile * widen);
    out.push({ quantity, lower, upper });
  }
  return out;
}
