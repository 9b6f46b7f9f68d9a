// The planning engine's public surface: forecasting, inventory policy maths, replenishment, KPIs.
export * from './accuracyMetrics';
export { economicOrderQuantity, eoqCost } from './economicOrderQuantity';
export { FORECAST_METHODS, DEFAULT_METHOD_CONFIG, type ForecastMethod, type MethodConfig } from './forecastMethods';
export { forecastSeries, DEFAULT_METHODS, type ForecastOptions, type ForecastResult } from './forecastSeries';
export { fitHoltWinters, type FittedHoltWinters } from './fitHoltWinters';
export { holtWintersFilter, holtWintersForecast, holtWintersStart, type HoltWintersParams, type HoltWintersSpec, type HoltWintersState } from './holtWinters';
export { croston, sba, tsb } from './intermittentDemand';
export * from './inventoryKpis';
export { newsvendorCost, newsvendorNormal } from './newsvendor';
export { normalCdf, normalInv, normalLoss, normalPdf, inverseNormalLoss } from './normal';
export { planReplenishment } from './planReplenishment';
export type { IntervalPoint } from './predictionIntervals';
export * from './reorderPointQuantity';
export * from './replenishmentTypes';
export * from './safetyStock';
export { seasonalNaive } from './seasonalNaive';
