import type { LocalCode, Location, SourceSystem } from '../domain';

/** A global SKU as the unification subgraph knows it. */
export interface SkuRecord {
  id: string;
  name: string;
  gtin: string | null;
  category: string | null;
  localCodes: LocalCode[];
  /** WMS pack size, when the WMS knows the article */
  packSize: number | null;
  /** item master values from the ERP (returns disposition, KPIs) */
  cost?: number | null;
  price?: number | null;
  vendor?: { id: string; acceptsReturns: boolean; creditPct: number } | null;
  /** the supplier's replenishment lead time from the ERP material (planning) */
  leadTimeDays?: number | null;
  leadTimeSdDays?: number | null;
}

export interface UnmappedCodeRecord { system: SourceSystem; code: string; description: string | null; seenAt: number }

export interface CodeConflictRecord { system: SourceSystem; code: string; skuIds: string[] }

export interface RegistrySnapshot {
  skus: SkuRecord[];
  locations: Location[];
  unmapped: UnmappedCodeRecord[];
  conflicts: CodeConflictRecord[];
  builtAt: number;
}

/** A SKU as the catalogue index has it */
export type CatalogSku = Pick<SkuRecord, 'id' | 'name'>;

/** What the catalog sync writes beside the registry for readers that need only SKU names and locations (CatalogIndex). */
export interface CatalogIndexSnapshot {
  skus: CatalogSku[];
  locations: Location[];
  /** the registry version it was written for (none: written before indexes carried one) */
  version?: number;
}
