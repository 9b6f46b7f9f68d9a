import type { Location, LocationCapability, LocalCode, SourceSystem } from '@stockgraph/shared';
import type { CodeConflictRecord, RegistrySnapshot, SkuRecord, UnmappedCodeRecord } from '@stockgraph/shared/registry';
import type { CatalogInputs } from './catalogTypes';

/**
 * The ERP is the item master: one global SKU per ERP material (`SKU-` + the material number
 * without its zero padding). Other systems' codes join it by the keys they carry: WMS articles
 * by their host reference (the material), POS barcodes and OMS products by GTIN/EAN through the
 * ERP's EAN table, PLUs through their barcode. A code that reaches no material is unmapped; one
 * that reaches two is a conflict. Both are kept and reported, never dropped.
 */
export function globalSkuId(materialNumber: string): string {
  return `SKU-${materialNumber.replace(/^0+(?=\d)/, '')}`;
}

/** OMS nodes are named after the ERP plant they stand for. */
export const omsNodeOf = (plant: string): string => `N-${plant}`;

export function buildRegistry(c: CatalogInputs, now: number): RegistrySnapshot {
  const skus = new Map<string, SkuRecord>();
  const byMaterial = new Map<string, SkuRecord>();
  const eanIndex = new Map<string, string[]>();
  const unmapped: UnmappedCodeRecord[] = [];
  const conflicts: CodeConflictRecord[] = [];

  const vendors = new Map((c.erpVendors ?? []).map((v) => [v.supplierId, v]));
  for (const m of c.erpMaterials) {
    const id = globalSkuId(m.materialNumber);
    const v = m.supplierId ? vendors.get(m.supplierId) : undefined;
    const rec: SkuRecord = {
      id, name: m.name, gtin: m.eans[0] ?? null, category: m.category,
      localCodes: [{ system: 'ERP', code: m.materialNumber }], packSize: null,
      cost: m.cost ?? null, price: m.price ?? null, leadTimeDays: m.leadTimeDays ?? null, leadTimeSdDays: m.leadTimeSdDays ?? null,
      vendor: m.supplierId ? { id: m.supplierId, acceptsReturns: v?.acceptsReturns ?? false, creditPct: v?.returnCreditPct ?? 0 } : null,
    };
    skus.set(id, rec);
    byMaterial.set(m.materialNumber, rec);
    for (const ean of m.eans) eanIndex.set(ean, [...(eanIndex.get(ean) ?? []), id]);
  }

  const add = (id: string, code: LocalCode) => {
    const rec = skus.get(id)!;
    if (!rec.localCodes.some((l) => l.system === code.system && l.code === code.code)) rec.localCodes.push(code);
  };
  const viaGtin = (system: SourceSystem, code: string, gtin: string | null, description: string | null): string | undefined => {
    const ids = gtin ? eanIndex.get(gtin) ?? [] : [];
    if (ids.length === 1) return ids[0];
    if (ids.length > 1) conflicts.push({ system, code, skuIds: [...ids].sort() });
    else unmapped.push({ system, code, description, seenAt: now });
    return undefined;
  };

  for (const a of c.wmsArticles) {
    const rec = byMaterial.get(a.hostRef);
    if (!rec) { unmapped.push({ system: 'WMS', code: a.articleNo, description: a.description, seenAt: now }); continue; }
    add(rec.id, { system: 'WMS', code: a.articleNo });
    rec.packSize = a.packSize;
  }
  for (const p of c.posItems) {
    const id = viaGtin('POS', p.barcode, p.barcode, p.description);
    if (!id) continue;
    add(id, { system: 'POS', code: p.barcode });
    if (p.plu) add(id, { system: 'POS', code: p.plu });
  }
  for (const o of c.omsProducts) {
    const id = viaGtin('OMS', o.sku, o.gtin, o.title);
    if (id) add(id, { system: 'OMS', code: o.sku });
  }

  return {
    skus: [...skus.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    locations: buildLocations(c),
    unmapped,
    conflicts,
    builtAt: now,
  };
}

function buildLocations(c: CatalogInputs): Location[] {
  const wmsSiteOf = new Map(c.wmsSites.map((s) => [s.hostPlant, s.siteId]));
  const posStoreOf = new Map(c.posStores.map((s) => [s.plant, s.storeNo]));
  const omsNodes = new Set(c.omsNodes.map((n) => n.nodeId));
  return c.erpPlants
    .map((p): Location => {
      const capabilities: LocationCapability[] = [];
      if (p.type === 'DISTRIBUTION_CENTER') capabilities.push('SHIP_FROM_DC', 'RETURNS', 'TRANSFER', 'REFURBISH');
      else {
        if (p.shipFromStore) capabilities.push('SHIP_FROM_STORE');
        if (p.clickAndCollect) capabilities.push('PICKUP_IN_STORE');
        capabilities.push('RETURNS', 'TRANSFER');
      }
      const localCodes: LocalCode[] = [{ system: 'ERP', code: p.plant }];
      const site = wmsSiteOf.get(p.plant);
      if (site) localCodes.push({ system: 'WMS', code: site });
      const store = posStoreOf.get(p.plant);
      if (store) localCodes.push({ system: 'POS', code: store });
      if (omsNodes.has(omsNodeOf(p.plant))) localCodes.push({ system: 'OMS', code: omsNodeOf(p.plant) });
      return {
        id: p.plant, name: p.name, type: p.type, geo: { lat: p.lat, lng: p.lng }, capabilities,
        dailyCapacity: p.type === 'DISTRIBUTION_CENTER' ? 100000 : p.dailyCapacity, localCodes,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
