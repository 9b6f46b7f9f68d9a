// Rolling-origin backtest of the pooled quantile forecast against seasonal naive on one series:
// `origins` windows of `horizon` days back to back before `end`, each forecast from the days
// before it only. Pooled WAPE/bias and mean MASE, as forecastSeries reports them.
import { naiveScale, type AccuracySummary, type Series } from './accuracyMetrics';
import { pooledQuantileForecast, type QuantileForecastOptions } from './quantileForecast';
import { seasonalNaive } from './seasonalNaive';

const NONE: AccuracySummary = { mase: NaN, wape: NaN, bias: NaN };

export function quantileBacktest(x: Series, end: number, horizon: number, opts: QuantileForecastOptions = {}, origins = 4): { backtest: AccuracySummary; baseline: AccuracySummary } {
  const m = opts.period ?? 7;
  const tallies = [0, 1].map(() => ({ abs: 0, signed: 0, mase: 0, n: 0 }));
  let actual = 0;
  for (let k = origins; k >= 1; k--) {
    const origin = end - k * horizon;
    if (origin < 4 * m) continue;
    const scale = naiveScale(x, m, origin);
    const forecasts = [pooledQuantileForecast(x, origin, horizon, { ...opts, levels: [0.5] }).median, seasonalNaive(x, horizon, m, origin)];
    for (let h = 0; h < horizon; h++) actual += Math.abs(x[origin + h]);
    forecasts.forEach((f, j) => {
      let abs = 0;
      for (let h = 0; h < horizon; h++) {
        abs += Math.abs(x[origin + h] - f[h]);
        tallies[j].signed += f[h] - x[origin + h];
      }
      tallies[j].abs += abs;
      if (scale > 0) {
        tallies[j].mase += abs / horizon / scale;
        tallies[j].n++;
      }
    });
  }
  const summary = (t: (typeof tallies)[number]): AccuracySummary =>
    actual > 0 ? { wape: t.abs / actual, bias: t.signed / actual, mase: t.n > 0 ? t.mase / t.n : NaN } : NONE;
  return { backtest: summary(tallies[0]), baseline: summary(tallies[1]) };
}
