// Holt-Winters exponential smoothing with additive or multiplicative seasonality and an optional
// (damped) trend. The recursion and the start values follow R's stats::HoltWinters exactly
// (level, trend and seasonal figure from a classical decomposition of the first start periods,
// the filter starting in the second season), so fixed-parameter runs reproduce R to rounding.
// Damping (φ < 1) follows Gardner & McKenzie: the trend enters every update multiplied by φ.
import type { Series } from './accuracyMetrics';

export type SeasonalForm = 'additive' | 'multiplicative';

export interface HoltWintersSpec {
  period: number;
  seasonal: SeasonalForm;
  /** include a trend (β); without it the model is seasonal simple exponential smoothing */
  trend: boolean;
}

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
  /** trend damping; 1 = undamped (R's model) */
  phi: number;
}

export interface HoltWintersState {
  level: number;
  trend: number;
  /** seasonal figures in order, season[0] applying to the next step */
  season: Float64Array;
}

/** R's `filter(x, sides = 2)` moving average used by `decompose`: centred, 2×m for even m. */
function centredMovingAverage(x: Series, from: number, length: number, period: number): Float64Array {
  const out = new Float64Array(length).fill(NaN);
  const even = period % 2 === 0;
  const half = Math.floor(period / 2);
  for (let i = half; i < length - half; i++) {
    let s = 0;
    for (let j = -half; j <= half; j++) {
      const w = even && Math.abs(j) === half ? 0.5 : 1;
      s += w * x[from + i + j];
    }
    out[i] = s / period;
  }
  return out;
}

/**
 * Start values as R computes them: decompose the first `startPeriods` seasons, regress the
 * non-missing trend on 1..k for level (intercept) and slope, and take the centred seasonal figure.
 * Returns null when a multiplicative start is impossible (a non-positive trend value).
 */
export function holtWintersStart(x: Series, spec: HoltWintersSpec, startPeriods = 2, from = 0): HoltWintersState | null {
  const m = spec.period;
  const wind = startPeriods * m;
  if (x.length - from < wind) return null;
  const trend = centredMovingAverage(x, from, wind, m);
  const mult = spec.seasonal === 'multiplicative';
  const figure = new Float64Array(m);
  const counts = new Float64Array(m);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < wind; i++) {
    const t = trend[i];
    if (Number.isNaN(t)) continue;
    if (mult && !(t > 0)) return null;
    figure[i % m] += mult ? x[from + i] / t : x[from + i] - t;
    counts[i % m]++;
    n++;
    sx += n;
    sy += t;
    sxx += n * n;
    sxy += n * t;
  }
  let mean = 0;
  for (let i = 0; i < m; i++) {
    figure[i] = counts[i] > 0 ? figure[i] / counts[i] : mult ? 1 : 0;
    mean += figure[i] / m;
  }
  for (let i = 0; i < m; i++) figure[i] = mult ? figure[i] / mean : figure[i] - mean;
  if (mult && !(mean > 0)) return null;
  const slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0;
  const intercept = (sy - slope * sx) / Math.max(n, 1);
  return { level: intercept, trend: spec.trend ? slope : 0, season: figure };
}

const TINY = 1e-9;

/**
 * Runs the recursion over x[from + period .. end) from the given start state and returns the sum
 * of squared one-step errors. The final state is written to `out` when given. Allocation-free
 * apart from `out`, since optimisers call it thousands of times.
 */
export function holtWintersFilter(
  x: Series,
  spec: HoltWintersSpec,
  p: HoltWintersParams,
  start: HoltWintersState,
  from = 0,
  end = x.length,
  out?: HoltWintersState,
  scratch?: Float64Array,
): number {
  const m = spec.period;
  const season = scratch && scratch.length >= m ? scratch : new Float64Array(m);
  season.set(start.season.subarray(0, m));
  const { alpha, gamma, phi } = p;
  const beta = spec.trend ? p.beta : 0;
  const mult = spec.seasonal === 'multiplicative';
  let level = start.level;
  let trend = spec.trend ? start.trend : 0;
  let k = 0;
  let sse = 0;
  for (let i = from + m; i < end; i++) {
    const y = x[i];
    const s = season[k];
    const base = level + phi * trend;
    const yhat = mult ? base * s : base + s;
    const e = y - yhat;
    sse += e * e;
    let newLevel: number;
    if (mult) newLevel = s > TINY ? alpha * (y / s) + (1 - alpha) * base : base;
    else newLevel = alpha * (y - s) + (1 - alpha) * base;
    trend = beta * (newLevel - level) + (1 - beta) * phi * trend;
    if (mult) season[k] = newLevel > TINY ? gamma * (y / newLevel) + (1 - gamma) * s : s;
    else season[k] = gamma * (y - newLevel) + (1 - gamma) * s;
    level = newLevel;
    k = k + 1 === m ? 0 : k + 1;
  }
  if (out) {
    out.level = level;
    out.trend = trend;
    if (out.season.length !== m) out.season = new Float64Array(m);
    for (let j = 0; j < m; j++) out.season[j] = season[(k + j) % m];
  }
  return sse;
}

/** h-step forecasts from a final state: (ℓ + Σφⁱ·b) ⊕ s. */
export function holtWintersForecast(state: HoltWintersState, spec: HoltWintersSpec, p: HoltWintersParams, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const m = spec.period;
  let damp = 0;
  let phiPow = 1;
  for (let h = 0; h < horizon; h++) {
    phiPow *= p.phi;
    damp += phiPow;
    const base = state.level + (spec.trend ? damp * state.trend : 0);
    const s = state.season[h % m];
    out[h] = spec.seasonal === 'multiplicative' ? base * s : base + s;
  }
  return out;
}
