// The planning subgraph's public face: the app that serves forecasts and replenishment, and its
// engine and demand history (pure computation, used by the CLI and the benchmarks too).
export { createPlanningApp, type PlanningApp, type PlanningAppOptions } from './app';
export { loadPlanningConfig, type PlanningConfig } from './config';
export * from './engine';
export * from './history';
export { WeeklyPriceCleaner } from './history/WeeklyPriceCleaner';
export * from './engine/quantileForecast';
export { closedDays, ENGLAND_BANK_HOLIDAYS } from './engine/shopCalendar';
export { fitPriceResponse, predictUnits, markdownLift, type PriceObservation, type PriceResponseFit } from './engine/priceResponse';
export { planNetwork, arrivalProbability, DEFAULT_NETWORK_POLICY } from './engine/planNetwork';
export type * from './engine/networkTypes';
