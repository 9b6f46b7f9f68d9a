// Median- and quantile-based daily forecasts. WAPE and MAE are minimised by the median of each
// day's demand distribution, not its mean, and lumpy daily demand has a median well below its
// mean. `pooledQuantileForecast` estimates that distribution directly: the last `window` open days
// divided by a weekday profile (pooled across items by default, see pooledWeekdayProfile) give a
// sample of de-seasonalised demand; its empirical quantiles, times the day's profile and a damped
// recent-trend ratio, are the forecast quantiles. The 0.5 quantile is the point forecast.
// `weekdayMedianForecast` is the baseline: the median of the same weekday over the last weeks.
import type { Series } from './accuracyMetrics';
import { quantileSorted } from './predictionIntervals';

export const DEFAULT_QUANTILE_LEVELS: readonly number[] = [0.1, 0.5, 0.9];

export interface QuantileForecastOptions {
  period?: number;
  /** weekday profile by position (index mod period); default: the series' own (pooledWeekdayProfile of [x]) */
  profile?: Float64Array;
  /** open days sampled for the level distribution (default 91) */
  window?: number;
  /** recent days compared with the window for the trend ratio (default 28); 0 = no trend */
  trendWindow?: number;
  levels?: readonly number[];
  /** index → known closed (forecast 0, not sampled) */
  closed?: (index: number) => boolean;
  /**
   * blend the item's own weekday profile into `profile` with weight n / (n + shrinkage), n its
   * selling days in the last 182: the more an item sells, the more its own pattern counts
   */
  shrinkage?: number;
}

export interface QuantileForecast {
  /** the point forecast: the 0.5 quantile */
  median: Float64Array;
  levels: number[];
  /** quantiles[k][h]: level k at step h, non-decreasing in k */
  quantiles: Float64Array[];
  /** the distribution's mean and standard deviation per step (safety stock, promotion risk) */
  mean: Float64Array;
  sd: Float64Array;
  /** de-seasonalised open days the distribution was estimated from */
  sampleSize: number;
  trend: number;
}

const never = () => false;

export function pooledQuantileForecast(x: Series, end: number, horizon: number, opts: QuantileForecastOptions = {}): QuantileForecast {
  const m = opts.period ?? 7;
  const closed = opts.closed ?? never;
  const profile = blendProfile(x, end, opts.profile ?? pooledWeekdayProfile([x], end, 182, closed, m), opts.shrinkage, closed, m);
  const window = opts.window ?? 91;
  // 0.5 is always estimated: it is the point forecast
  const levels = [...new Set([...(opts.levels ?? DEFAULT_QUANTILE_LEVELS), 0.5])].sort((a, b) => a - b);
  // a typed array sorts numerically without a comparator: the network plan forecasts millions
  const buffer = new Float64Array(window);
  let count = 0;
  let total = 0;
  let recentSum = 0;
  let recentCount = 0;
  const trendWindow = opts.trendWindow ?? 28;
  for (let i = end - 1; i >= 0 && count < window; i--) {
    const p = profile[i % m];
    if (!(p > 0) || closed(i)) continue;
    const v = (Number.isFinite(x[i]) ? x[i] : 0) / p;
    buffer[count++] = v;
    total += v;
    if (count <= trendWindow) {
      recentSum += v;
      recentCount++;
    }
  }
  const mean = total / Math.max(1, count);
  // √ of the recent/long ratio, clamped: a month's change is half signal, half noise
  const ratio = trendWindow > 0 && mean > 0 && recentCount > 0 ? Math.min(2, Math.max(0.5, recentSum / recentCount / mean)) : 1;
  const trend = Math.sqrt(ratio);
  const sorted = buffer.subarray(0, count).sort();
  const base = levels.map((q) => (sorted.length > 0 ? Math.max(0, quantileSorted(sorted, q)) : 0));
  let ss = 0;
  for (const v of sorted) ss += (v - mean) ** 2;
  const sampleSd = sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : 0;
  const quantiles = levels.map(() => new Float64Array(horizon));
  const means = new Float64Array(horizon);
  const sds = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const i = end + h;
    const f = closed(i) ? 0 : profile[i % m] * trend;
    for (let k = 0; k < levels.length; k++) quantiles[k][h] = base[k] * f;
    means[h] = Math.max(0, mean) * f;
    sds[h] = sampleSd * f;
  }
  return { median: quantiles[levels.indexOf(0.5)], levels, quantiles, mean: means, sd: sds, sampleSize: sorted.length, trend };
}

function blendProfile(x: Series, end: number, pooled: Float64Array, shrinkage: number | undefined, closed: (i: number) => boolean, m: number): Float64Array {
  if (shrinkage === undefined) return pooled;
  let sold = 0;
  for (let i = Math.max(0, end - 182); i < end; i++) if (x[i] > 0 && !closed(i)) sold++;
  if (sold === 0) return pooled;
  const own = pooledWeekdayProfile([x], end, 182, closed, m);
  const w = sold / (sold + shrinkage);
  return pooled.map((p, j) => w * own[j] + (1 - w) * p);
}

/**
 * Weekday profile pooled across items: each item's open days over the last `window` days as
 * shares of its own total (so every item weighs the same, whatever its volume), averaged by
 * position and normalised to mean 1. A position nobody sold on is 0 (closed weekday). Items with
 * short or sparse histories borrow the shape of the many.
 */
export function pooledWeekdayProfile(items: Iterable<Series>, end: number, window = 182, closed: (i: number) => boolean = never, period = 7): Float64Array {
  const share = new Float64Array(period);
  const seen = new Float64Array(period);
  let used = 0;
  for (const x of items) {
    let total = 0;
    for (let i = Math.max(0, end - window); i < end; i++) if (!closed(i) && x[i] > 0) total += x[i];
    if (!(total > 0)) continue;
    used++;
    for (let i = Math.max(0, end - window); i < end; i++) {
      if (closed(i)) continue;
      if (x[i] > 0) share[i % period] += x[i] / total;
      seen[i % period] += 1;
    }
  }
  const profile = new Float64Array(period);
  if (used === 0) return profile.fill(1);
  let mean = 0;
  for (let j = 0; j < period; j++) {
    profile[j] = seen[j] > 0 ? share[j] / (seen[j] / used) : 0;
    mean += profile[j] / period;
  }
  for (let j = 0; j < period; j++) profile[j] = mean > 0 ? profile[j] / mean : 1;
  return profile;
}

/** Median of the same position over the last `weeks` seasons (the weekday-median baseline). */
export function weekdayQuantileForecast(x: Series, end: number, horizon: number, weeks = 13, levels: readonly number[] = [0.5], period = 7, closed: (i: number) => boolean = never): Float64Array[] {
  const out = levels.map(() => new Float64Array(horizon));
  for (let h = 0; h < horizon; h++) {
    if (closed(end + h)) continue;
    const values: number[] = [];
    for (let k = 1; k <= weeks; k++) {
      const i = end + (h % period) - period * k;
      if (i >= 0 && !closed(i)) values.push(Number.isFinite(x[i]) ? x[i] : 0);
    }
    values.sort((a, b) => a - b);
    levels.forEach((q, k) => (out[k][h] = values.length ? quantileSorted(values, q) : 0));
  }
  return out;
}

/** Pinball (quantile) loss Σ max(τ(y − q), (τ − 1)(y − q)). */
export function pinballLoss(actual: Series, quantile: Series, tau: number): number {
  let s = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = actual[i] - quantile[i];
    s += d >= 0 ? tau * d : (tau - 1) * d;
  }
  return s;
}

export interface PooledConfig {
  window: number;
  trendWindow: number;
  /** see QuantileForecastOptions.shrinkage; absent: the pooled profile alone */
  shrinkage?: number;
}

export const POOLED_CONFIGS: readonly PooledConfig[] = [91, 156].flatMap((window) =>
  [0, 28].flatMap((trendWindow) => [{ window, trendWindow }, { window, trendWindow, shrinkage: 100 }]));

/**
 * The chooser, pooled: one configuration for all items, the one with the least total absolute
 * error over the `holdout` days before `end`, each forecast from the days before those. One
 * choice over a hundred series is far less noisy than one per series.
 */
export function choosePooledConfig(items: readonly Series[], end: number, holdout = 28, opts: Omit<QuantileForecastOptions, 'window' | 'trendWindow' | 'levels'> = {}, configs: readonly PooledConfig[] = POOLED_CONFIGS): PooledConfig {
  const origin = end - holdout;
  if (origin <= 0) return configs[0];
  let best = configs[0];
  let bestError = Infinity;
  for (const config of configs) {
    let error = 0;
    for (const x of items) {
      const f = pooledQuantileForecast(x, origin, holdout, { ...opts, ...config, levels: [0.5] }).median;
      for (let h = 0; h < holdout; h++) error += Math.abs((Number.isFinite(x[origin + h]) ? x[origin + h] : 0) - f[h]);
    }
    if (error < bestError) {
      bestError = error;
      best = config;
    }
  }
  return best;
}
