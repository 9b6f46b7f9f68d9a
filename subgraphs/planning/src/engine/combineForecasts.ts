// The equal-weight combination of several methods' forecasts. Combining is the most reliable gain
// in forecasting competitions (Makridakis et al., M4): on noisy daily retail data each method's
// errors are partly its own, and the average cancels some of them, so the combination competes
// in the backtest like any single method.
import type { Series } from './accuracyMetrics';
import type { FittedMethod, ForecastMethod } from './forecastMethods';
import { scoreBacktest, type BacktestPlan, type BacktestResult } from './rollingOriginBacktest';

export const COMBINED_MEMBERS: readonly ForecastMethod[] = ['SES_SEASONAL', 'HW_DAMPED_ADDITIVE', 'HW_DAMPED_MULTIPLICATIVE', 'SBA', 'TSB'];

function average(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts[0].length);
  for (const p of parts) for (let h = 0; h < out.length; h++) out[h] += p[h] / parts.length;
  return out;
}

export function combine(members: FittedMethod[]): FittedMethod {
  return {
    method: 'COMBINED',
    parameters: { members: members.length },
    forecast: (end, horizon) => average(members.map((f) => f.forecast(end, horizon))),
    refit: (end) => combine(members.map((f) => f.refit(end) ?? f)),
  };
}

/** Scores the combination from its members' backtest forecasts (already tidied, so no refits). */
export function combineBacktest(members: BacktestResult[], x: Series, plan: BacktestPlan): BacktestResult {
  return scoreBacktest(plan.origins.map((_, k) => average(members.map((r) => r.forecasts[k]))), x, plan);
}
