// The planning subgraph's public face: the app that serves forecasts and replenishment, and its
// engine and demand history (pure computation, used by the CLI and the benchmarks too).
export { createPlanningApp, type PlanningApp, type PlanningAppOptions } from './app';
export { loadPlanningConfig, type PlanningConfig } from './config';
export * from './engine';
export { DemandHistoryStore, type DemandHistoryOptions, type HistoryMemory } from './history/DemandHistoryStore';
export { importTransactions, importTransactionsFile, toHistoryStore, type ImportOptions } from './history/importTransactions';
export { capOutliers, outlierCap, type CapResult } from './history/capOutliers';
export { toEpochDay, fromEpochDay, dayOfWeek } from './history/calendarDay';
