// The candidate methods behind one interface: fit on a prefix of the series, then forecast from
// any later prefix with the same parameters (what a rolling-origin backtest needs: parameters
// chosen once, states run on). Forecasts come out raw; forecastSeries clamps them at 0 and zeroes
// closed positions (tidyForecast) the same way for every method.
import type { Series } from './accuracyMetrics';
import { DEFAULT_BOUNDS, fitHoltWinters, type ParameterBounds } from './fitHoltWinters';
import { holtWintersFilter, holtWintersForecast, type HoltWintersSpec, type HoltWintersState } from './holtWinters';
import { croston, sba, tsb } from './intermittentDemand';
import { seasonalNaive } from './seasonalNaive';
import { seasonalProfile } from './seasonalProfile';

export const FORECAST_METHODS = [
  'SEASONAL_NAIVE',
  'SES_SEASONAL',
  'HW_ADDITIVE',
  'HW_MULTIPLICATIVE',
  'HW_DAMPED_ADDITIVE',
  'HW_DAMPED_MULTIPLICATIVE',
  'CROSTON',
  'SBA',
  'TSB',
  'COMBINED',
] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

export interface MethodConfig {
  period: number;
  /** seasons used for Holt-Winters start values */
  startPeriods: number;
  bounds: ParameterBounds;
  /** smoothing constant of Croston and SBA, size constant of TSB */
  intermittentAlpha: number;
  /** probability smoothing constant of TSB */
  tsbBeta: number;
  /** Nelder-Mead budget per free parameter */
  evaluationsPerParameter: number;
  /** relative SSE spread at which a fit stops: daily demand is far noisier than 1e-4 */
  fitTolerance: number;
  /** Nelder-Mead restarts from the best point (see fitHoltWinters); none for daily demand, where
   *  they changed no benchmark figure but cost a third more time */
  fitRestarts: number;
}

export const DEFAULT_METHOD_CONFIG: MethodConfig = {
  period: 7,
  startPeriods: 2,
  bounds: DEFAULT_BOUNDS,
  intermittentAlpha: 0.1,
  tsbBeta: 0.1,
  evaluationsPerParameter: 60,
  fitTolerance: 1e-4,
  fitRestarts: 0,
};

export interface FittedMethod {
  method: ForecastMethod;
  /** `horizon` forecasts following x[end − 1], using x[from..end) and the fitted parameters */
  forecast(end: number, horizon: number): Float64Array;
  /** parameters re-estimated on x[from..end) (warm-started); null if the method cannot fit */
  refit(end: number): FittedMethod | null;
  parameters: Record<string, number>;
}

const HW_SPECS: Partial<Record<ForecastMethod, { seasonal: 'additive' | 'multiplicative'; trend: boolean; damped: boolean }>> = {
  SES_SEASONAL: { seasonal: 'multiplicative', trend: false, damped: false },
  HW_ADDITIVE: { seasonal: 'additive', trend: true, damped: false },
  HW_MULTIPLICATIVE: { seasonal: 'multiplicative', trend: true, damped: false },
  HW_DAMPED_ADDITIVE: { seasonal: 'additive', trend: true, damped: true },
  HW_DAMPED_MULTIPLICATIVE: { seasonal: 'multiplicative', trend: true, damped: true },
};

function fitHw(method: ForecastMethod, x: Series, from: number, end: number, cfg: MethodConfig, warm?: Record<string, number>): FittedMethod | null {
  const s = HW_SPECS[method]!;
  const spec: HoltWintersSpec = { period: cfg.period, seasonal: s.seasonal, trend: s.trend };
  const free = 2 + (s.trend ? 1 : 0) + (s.damped ? 1 : 0);
  const fit = fitHoltWinters(x, spec, {
    damped: s.damped,
    from,
    end,
    startPeriods: cfg.startPeriods,
    bounds: cfg.bounds,
    initial: warm,
    maxEvaluations: cfg.evaluationsPerParameter * free,
    tolerance: cfg.fitTolerance,
    restarts: cfg.fitRestarts,
  });
  if (!fit) return null;
  const state: HoltWintersState = { level: 0, trend: 0, season: new Float64Array(cfg.period) };
  const scratch = new Float64Array(cfg.period);
  return {
    method,
    parameters: { ...fit.params },
    forecast(upTo, horizon) {
      holtWintersFilter(x, spec, fit.params, fit.start, from, upTo, state, scratch);
      return holtWintersForecast(state, spec, fit.params, horizon);
    },
    refit: (upTo) => fitHw(method, x, from, upTo, cfg, { ...fit.params }),
  };
}

/** The intermittent methods run on the de-seasonalised series and are re-seasonalised after. */
function intermittent(method: ForecastMethod, x: Series, from: number, cfg: MethodConfig): FittedMethod {
  const m = cfg.period;
  const adjusted = new Float64Array(x.length);
  const rate = (upTo: number, profile: Float64Array): number => {
    let k = 0;
    for (let i = from; i < upTo; i++) if (profile[i % m] > 0) adjusted[k++] = x[i] / profile[i % m];
    if (method === 'CROSTON') return croston(adjusted, cfg.intermittentAlpha, 0, k);
    if (method === 'SBA') return sba(adjusted, cfg.intermittentAlpha, 0, k);
    return tsb(adjusted, cfg.intermittentAlpha, cfg.tsbBeta, 0, k);
  };
  return {
    method,
    parameters: method === 'TSB' ? { alpha: cfg.intermittentAlpha, beta: cfg.tsbBeta } : { alpha: cfg.intermittentAlpha },
    forecast(upTo, horizon) {
      const profile = seasonalProfile(x, m, from, upTo);
      const r = rate(upTo, profile);
      const out = new Float64Array(horizon);
      for (let h = 0; h < horizon; h++) out[h] = r * profile[(upTo + h) % m];
      return out;
    },
    refit: () => intermittent(method, x, from, cfg),
  };
}

function naive(x: Series, cfg: MethodConfig): FittedMethod {
  return {
    method: 'SEASONAL_NAIVE',
    parameters: {},
    forecast: (upTo, horizon) => seasonalNaive(x, horizon, cfg.period, upTo),
    refit: () => naive(x, cfg),
  };
}

/** Fits `method` on x[from..end); null when the history is too short or unsuitable (or COMBINED). */
export function fitMethod(method: ForecastMethod, x: Series, from: number, end: number, cfg: MethodConfig = DEFAULT_METHOD_CONFIG): FittedMethod | null {
  if (end - from < 1) return null;
  if (method === 'SEASONAL_NAIVE') return naive(x, cfg);
  if (method === 'CROSTON' || method === 'SBA' || method === 'TSB') return intermittent(method, x, from, cfg);
  // COMBINED is assembled from its members by forecastSeries, not fitted on its own
  return HW_SPECS[method] ? fitHw(method, x, from, end, cfg) : null;
}
