export * from './domain';
export * from './geo';
export * from './errors';
export * from './logger';
export * from './config/parseEnv';
export * from './ledger/StockLedger';
export * from './kv/KeyValueStore';
export * from './storage';
