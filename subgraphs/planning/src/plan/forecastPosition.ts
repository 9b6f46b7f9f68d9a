// The forecast of one SKU at one location as the graph serves it: the pooled quantile forecast
// (engine/quantileForecast) over the history ending today, with a weekday profile pooled over
// every SKU at the location, its backtest against seasonal naive, and a reason instead of numbers
// where there is nothing to forecast from.
import type { AccuracySummary } from '../engine/accuracyMetrics';
import { quantileBacktest } from '../engine/quantileBacktest';
import { pooledQuantileForecast, pooledWeekdayProfile } from '../engine/quantileForecast';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';

export const FORECAST_METHOD = 'POOLED_QUANTILE';
export const DEFAULT_QUANTILE_LEVELS = [0.1, 0.5, 0.9];
/** days of history the profile and the distribution look at */
const WINDOW_DAYS = 182;

export interface PositionForecast {
  method: string;
  reason: string | null;
  levels: number[];
  /** quantiles[k][h] for levels[k] */
  quantiles: Float64Array[];
  median: Float64Array;
  mean: Float64Array;
  sd: Float64Array;
  backtest: AccuracySummary;
  baseline: AccuracySummary;
}

const NONE: AccuracySummary = { mase: NaN, wape: NaN, bias: NaN };
const profiles = new WeakMap<DemandHistoryStore, Map<string, { key: string; profile: Float64Array }>>();

/** The weekday profile pooled over every SKU at the location, cached per day and history size. */
export function locationProfile(history: DemandHistoryStore, locationId: string, today: number): Float64Array {
  let byLocation = profiles.get(history);
  if (!byLocation) profiles.set(history, (byLocation = new Map()));
  const key = `${today}|${history.seriesCount}`;
  const hit = byLocation.get(locationId);
  if (hit && hit.key === key) return hit.profile;
  const series: Float64Array[] = [];
  for (let s = 0; s < history.seriesCount; s++) if (history.keyOf(s).location === locationId) series.push(history.seriesAt(s, today, WINDOW_DAYS));
  const profile = pooledWeekdayProfile(series, WINDOW_DAYS, WINDOW_DAYS);
  byLocation.set(locationId, { key, profile });
  return profile;
}

export function forecastPosition(history: DemandHistoryStore, sku: string, locationId: string, today: number, horizon: number, levels: readonly number[] = DEFAULT_QUANTILE_LEVELS, withBacktest = true): PositionForecast {
  const x = history.series(sku, locationId, today, WINDOW_DAYS);
  let demand = false;
  for (const v of x) if (v !== 0) { demand = true; break; }
  const wanted = [...new Set([...levels, 0.5])].sort((a, b) => a - b);
  if (!demand) {
    const zeros = () => new Float64Array(horizon);
    const reason = history.hasSeries(sku, locationId)
      ? `NO_DEMAND: no net demand in the last ${WINDOW_DAYS} days at ${locationId}`
      : `NO_HISTORY: no sale, shipment or return of this SKU has been recorded at ${locationId}`;
    return { method: 'NONE', reason, levels: wanted, quantiles: wanted.map(zeros), median: zeros(), mean: zeros(), sd: zeros(), backtest: NONE, baseline: NONE };
  }
  const profile = locationProfile(history, locationId, today);
  const f = pooledQuantileForecast(x, WINDOW_DAYS, horizon, { profile, levels: wanted });
  const { backtest, baseline } = withBacktest ? quantileBacktest(x, WINDOW_DAYS, Math.min(28, Math.max(7, horizon)), { profile }) : { backtest: NONE, baseline: NONE };
  return { method: FORECAST_METHOD, reason: null, levels: f.levels, quantiles: f.quantiles, median: f.median, mean: f.mean, sd: f.sd, backtest, baseline };
}
