// Rolling-origin evaluation (Tashman 2000): parameters are estimated once on the data before the
// earliest origin, then each origin forecasts the next `horizon` days from the data up to it.
// Nothing after an origin is seen by the forecast made at it.
import { naiveScale, type AccuracySummary, type Series } from './accuracyMetrics';
import type { FittedMethod } from './forecastMethods';

export interface BacktestPlan {
  origins: number[];
  horizon: number;
  /** MASE denominator at each origin: in-sample seasonal-naive MAE of x[from..origin) */
  scales: number[];
}

/**
 * Origins spaced `step` apart, the last one leaving exactly `horizon` days to score. Origins that
 * would leave fewer than `minTraining` days of training after `from` are dropped.
 */
export function planOrigins(x: Series, from: number, horizon: number, count: number, step: number, minTraining: number, period: number): BacktestPlan {
  const origins: number[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const origin = x.length - horizon - k * step;
    if (origin - from >= minTraining) origins.push(origin);
  }
  return { origins, horizon, scales: origins.map((o) => naiveScale(sliceView(x, from, o), period)) };
}

/** Non-negative forecasts, zero on closed positions. */
export function tidyForecast(values: Float64Array, end: number, closed: Uint8Array | undefined, period: number): Float64Array {
  for (let h = 0; h < values.length; h++) {
    const v = values[h];
    values[h] = closed && closed[(end + h) % period] ? 0 : Number.isFinite(v) && v > 0 ? v : 0;
  }
  return values;
}

export interface BacktestResult {
  /** Σ|y − ŷ| over all origins and steps: the selection score */
  absoluteError: number;
  summary: AccuracySummary;
  /** the forecasts made at each origin, aligned with plan.origins */
  forecasts: Float64Array[];
}

export function runBacktest(fitted: FittedMethod, x: Series, plan: BacktestPlan, closed: Uint8Array | undefined, period: number): BacktestResult {
  const forecasts = plan.origins.map((origin) => tidyForecast(fitted.forecast(origin, plan.horizon), origin, closed, period));
  return scoreBacktest(forecasts, x, plan);
}

/** Scores forecasts made at each origin of the plan against what happened. */
export function scoreBacktest(forecasts: Float64Array[], x: Series, plan: BacktestPlan): BacktestResult {
  let absoluteError = 0;
  let signedError = 0;
  let actualTotal = 0;
  let maseSum = 0;
  let maseCount = 0;
  plan.origins.forEach((origin, k) => {
    const f = forecasts[k];
    let windowError = 0;
    for (let h = 0; h < plan.horizon; h++) {
      const y = x[origin + h];
      windowError += Math.abs(y - f[h]);
      signedError += f[h] - y;
      actualTotal += Math.abs(y);
    }
    absoluteError += windowError;
    const scale = plan.scales[k];
    if (scale > 0) {
      maseSum += windowError / plan.horizon / scale;
      maseCount++;
    }
  });
  return {
    absoluteError,
    forecasts,
    summary: {
      mase: maseCount > 0 ? maseSum / maseCount : NaN,
      wape: actualTotal > 0 ? absoluteError / actualTotal : NaN,
      bias: actualTotal > 0 ? signedError / actualTotal : NaN,
    },
  };
}

function sliceView(x: Series, from: number, end: number): Series {
  return x instanceof Float64Array ? x.subarray(from, end) : Array.prototype.slice.call(x, from, end);
}
