// The unification subgraph's public face: the app that serves the SKU registry, locations and the
// ledger, and the rule that names a global SKU.
export { createUnificationApp, DEFAULT_RECOUNT_AFTER_MS, type UnificationApp } from './app';
export type { CatalogClients } from './sync/CatalogSync';
export { globalSkuId } from './mapping/buildRegistry';
export { loadUnificationConfig, type UnificationConfig } from './config';
