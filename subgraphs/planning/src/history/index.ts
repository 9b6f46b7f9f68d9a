// Demand history: the compact store and the transaction-export importer with its cleaning rules.
export { dayOfWeek, fromEpochDay, toEpochDay } from './calendarDay';
export { capOutliers, outlierCap, type CapResult } from './capOutliers';
export { DemandHistoryStore, type DemandHistoryOptions, type HistoryMemory } from './DemandHistoryStore';
export { importTransactions, importTransactionsFile, toHistoryStore, type ImportOptions } from './importTransactions';
export { isNonProductCode, NON_PRODUCT_CODES, normaliseStockCode } from './productCodes';
export { TransactionCleaner, type CleanedDemand, type CleaningStats, type TransactionLine } from './TransactionCleaner';
