/**
 * The seeded retailer every simulator serves. Field names are ours (camelCase); each simulator
 * renders them in its own dialect. Tests compute expected answers from this object.
 */
export type SystemName = 'ERP' | 'WMS' | 'POS' | 'OMS';

export interface WorldOptions {
  seed: number;
  products: number;
  variantsPerProduct: number;
  dcs: number;
  stores: number;
  /** the batch time of the seeded state (ISO 8601 UTC); historic data lies before, open POs after */
  asOf: string;
}

export const DEFAULT_WORLD_OPTIONS: WorldOptions = {
  seed: 42,
  products: 60,
  variantsPerProduct: 4,
  dcs: 3,
  stores: 30,
  asOf: '2026-11-26T02:00:00.000Z',
};

/** Benchmark size: 10,000 SKUs over 200 locations. */
export const BENCH_WORLD_OPTIONS: WorldOptions = { ...DEFAULT_WORLD_OPTIONS, products: 2500, variantsPerProduct: 4, dcs: 5, stores: 195 };

export interface WorldSupplier {
  /** ERP vendor number, 10 digits zero padded */
  lifnr: string;
  name: string;
  /** ISO 3166 alpha-2 */
  country: string;
  leadTimeDays: number;
  leadTimeSdDays: number;
  /** the vendor takes returns (return to vendor) */
  takesReturns: boolean;
  /** credit on return, percent of cost (0 when it takes none) */
  rtvPct: number;
  /** GS1 company prefix its barcodes start with */
  gs1Prefix: string;
  /** share of confirmed purchase-order quantity that arrives in full and on time (0..1) */
  trust: number;
  /** smallest quantity it accepts per order line, in units */
  minOrderUnits: number;
}

export interface WorldItem {
  /** position in world.items; stock arrays are indexed by it */
  index: number;
  /** ERP material number, 18 digits zero padded */
  matnr: string;
  productId: string;
  productName: string;
  /** "Blue M" */
  variant: string;
  /** product name + variant, what ERP/WMS/POS/OMS print */
  description: string;
  category: string;
  /** the item's own EAN-13 (POS barcode, OMS gtin); always eans[0] */
  gtin: string;
  /** every EAN the ERP lists for the material (one item also lists another item's gtin: the conflict) */
  eans: string[];
  /** 4-digit price look-up code for loose goods, else null */
  plu: string | null;
  /** WMS article number, WA + 6 digits */
  wmsArticle: string;
  /** OMS e-commerce SKU, WEB-<product slug>-<variant slug> */
  ecomSku: string;
  packSize: 6 | 12 | 24;
  uom: 'EA';
  /** standard cost and selling price in GBP (cost < price) */
  cost: number;
  price: number;
  lifnr: string;
  leadTimeDays: number;
  leadTimeSdDays: number;
  /** last change in the item master, YYYY-MM-DD */
  changedOn: string;
}

export interface WorldLocation {
  /** global location id = ERP plant code: D001… for DCs, S001… for stores */
  plant: string;
  type: 'DC' | 'STORE';
  name: string;
  town: string;
  lat: number;
  lng: number;
  /** WMS site (DC1…) for DCs, else null */
  wmsSite: string | null;
  /** POS store number (0001…) for stores, else null */
  posStoreNo: string | null;
  /** OMS node id N-<plant> */
  omsNode: string;
  /** ship-from-store / click-and-collect enabled (stores only) */
  sfs: boolean;
  cnc: boolean;
  /** picks per day for sfs/cnc (0 for DCs: effectively unbounded) */
  cap: number;
}

export interface WorldPurchaseOrderLine {
  ebelp: string;
  matnr: string;
  qty: number;
  received: number;
  /** expected delivery, YYYY-MM-DD */
  expectedOn: string;
  /** goods receipt posted, YYYY-MM-DD: closed orders only */
  receivedOn?: string;
}

export interface WorldPurchaseOrder {
  ebeln: string;
  lifnr: string;
  /** receiving plant */
  plant: string;
  /** order date, YYYY-MM-DD */
  orderedOn: string;
  status: 'open' | 'closed';
  lines: WorldPurchaseOrderLine[];
}

export type OrderChannel = 'web' | 'store' | 'wholesale' | 'marketplace';

export interface WorldOrderLine {
  lineNo: number;
  ecomSku: string;
  matnr: string;
  qty: number;
  nodeId: string;
  method: 'ship' | 'pickup';
  shipmentRef: string | null;
  fulfilledQty: number;
  returnedQty: number;
}

/** A historic OMS order (all fulfilled by asOf). */
export interface WorldOrder {
  orderId: string;
  externalId: string;
  channel: OrderChannel;
  status: 'fulfilled';
  createdAt: string;
  fulfilledAt: string;
  shipTo: { lat: number; lng: number } | null;
  pickupNode: string | null;
  lines: WorldOrderLine[];
}

/** A local record no item master knows (its code is in anomalies.unmappedCodes). */
export interface UnmappedRecord {
  system: Exclude<SystemName, 'ERP'>;
  code: string;
  description: string;
  /** WMS: the host ref that is not an ERP material */
  hostRef: string | null;
  /** OMS: the gtin no ERP material lists; POS: the barcode itself */
  gtin: string | null;
  packSize: number;
  price: number;
  /** on hand per plant code where the system holds it */
  stock: Record<string, number>;
}

export interface Anomalies {
  unmappedCodes: { system: SystemName; code: string }[];
  conflicts: { code: string; materials: string[] }[];
  disagreements: { plant: string; matnr: string; erp: number; wms: number }[];
}

export interface World {
  options: WorldOptions;
  asOf: string;
  suppliers: WorldSupplier[];
  items: WorldItem[];
  locations: WorldLocation[];
  /**
   * On hand per plant code, indexed by item index; -1 = the location does not range the item.
   * DCs: what the WMS reports; stores: what the POS reports. ERP shows the same except on
   * anomalies.disagreements.
   */
  stock: Record<string, Int32Array>;
  purchaseOrders: WorldPurchaseOrder[];
  orders: WorldOrder[];
  unmapped: UnmappedRecord[];
  anomalies: Anomalies;
}
