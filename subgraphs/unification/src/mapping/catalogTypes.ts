/** What the catalog sync gathers from each system's client, already in plain terms. */
export interface CatalogInputs {
  erpMaterials: { materialNumber: string; eans: string[]; name: string; category: string | null; cost?: number; price?: number; supplierId?: string; leadTimeDays?: number; leadTimeSdDays?: number }[];
  erpVendors?: { supplierId: string; acceptsReturns: boolean; returnCreditPct: number }[];
  erpPlants: {
    plant: string; name: string; type: 'STORE' | 'DISTRIBUTION_CENTER'; lat: number; lng: number;
    shipFromStore: boolean; clickAndCollect: boolean; dailyCapacity: number;
  }[];
  wmsArticles: { articleNo: string; hostRef: string; description: string | null; packSize: number }[];
  wmsSites: { siteId: string; hostPlant: string }[];
  posItems: { barcode: string; plu: string | null; description: string | null }[];
  posStores: { storeNo: string; plant: string }[];
  omsProducts: { sku: string; gtin: string | null; title: string | null }[];
  omsNodes: { nodeId: string }[];
}
