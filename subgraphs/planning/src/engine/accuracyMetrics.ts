// Point-forecast error measures. Conventions (also in the README):
//   WAPE = Σ|y − ŷ| / Σ|y|        bias = Σ(ŷ − y) / Σ|y|  (negative = under-forecast)
//   MASE = mean|y − ŷ| / mean|y_t − y_{t−m}| over the training data (Hyndman & Koehler 2006,
//   seasonal-naive scale with the series' period m).
// A measure whose denominator is zero is reported as NaN rather than a misleading 0 or Infinity.

export type Series = ArrayLike<number>;

export interface AccuracySummary {
  mase: number;
  wape: number;
  bias: number;
}

export function sumAbsoluteError(actual: Series, forecast: Series): number {
  if (actual.length !== forecast.length) throw new RangeError('actual and forecast differ in length');
  let s = 0;
  for (let i = 0; i < actual.length; i++) s += Math.abs(actual[i] - forecast[i]);
  return s;
}

export function sumAbsolute(values: Series): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.abs(values[i]);
  return s;
}

export function meanAbsoluteError(actual: Series, forecast: Series): number {
  return actual.length === 0 ? NaN : sumAbsoluteError(actual, forecast) / actual.length;
}

export function wape(actual: Series, forecast: Series): number {
  const denom = sumAbsolute(actual);
  return denom > 0 ? sumAbsoluteError(actual, forecast) / denom : NaN;
}

export function bias(actual: Series, forecast: Series): number {
  if (actual.length !== forecast.length) throw new RangeError('actual and forecast differ in length');
  let e = 0;
  for (let i = 0; i < actual.length; i++) e += forecast[i] - actual[i];
  const denom = sumAbsolute(actual);
  return denom > 0 ? e / denom : NaN;
}

/** In-sample mean absolute error of the seasonal naive forecast: the MASE denominator. */
export function naiveScale(training: Series, period: number, end = training.length): number {
  const m = end > period ? period : 1;
  let s = 0;
  let n = 0;
  for (let t = m; t < end; t++) {
    s += Math.abs(training[t] - training[t - m]);
    n++;
  }
  return n > 0 ? s / n : NaN;
}

export function mase(actual: Series, forecast: Series, training: Series, period: number): number {
  const scale = naiveScale(training, period);
  return scale > 0 ? meanAbsoluteError(actual, forecast) / scale : NaN;
}

export function summarise(actual: Series, forecast: Series, training: Series, period: number): AccuracySummary {
  return { mase: mase(actual, forecast, training, period), wape: wape(actual, forecast), bias: bias(actual, forecast) };
}
