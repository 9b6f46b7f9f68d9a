// Inputs and outputs of the network replenishment plan (planNetwork).
import type { Abc, InventoryClass, ServiceTarget } from './inventoryClasses';

export interface NetworkSupplier {
  id: string;
  leadTimeDays: number;
  leadTimeSdDays: number;
  /** share of what it confirms that arrives in full (ERP), 0..1 */
  trust: number;
}

export interface NetworkLocation {
  id: string;
  type: 'DC' | 'STORE';
  /** the DC that replenishes a store */
  dcId?: string;
}

/** An open purchase order line for the SKU, received at a DC. */
export interface OpenPurchaseOrder {
  id: string;
  locationIndex: number;
  /** units still to come */
  quantity: number;
  /** epoch day ordered */
  orderedDay: number;
}

/** One SKU over the network; arrays are indexed like `NetworkInput.locations`. */
export interface NetworkSku {
  sku: string;
  supplierId: string;
  /** WMS pack size and ERP minimum order quantity (units) */
  packSize: number;
  moq: number;
  unitValue: number;
  onHand: Float64Array;
  held: Float64Array;
  /** units already on their way to the location (transfers in transit) */
  inTransit: Float64Array;
  /** the forecast distribution's daily mean and standard deviation at each location */
  dailyMean: Float64Array;
  dailySd: Float64Array;
  openPurchaseOrders: OpenPurchaseOrder[];
  /** ABC class; computed over the input when absent */
  abc?: Abc;
}

export interface NetworkInput {
  suppliers: NetworkSupplier[];
  locations: NetworkLocation[];
  skus: Iterable<NetworkSku>;
}

export interface NetworkPolicy {
  today: number;
  reviewDays: number;
  /** DC → store transfer lead time */
  transferDays: number;
  /** a store holding more than this many weeks of cover above its order-up-to level can give stock */
  surplusWeeks: number;
  targets: Record<InventoryClass, ServiceTarget>;
}

export interface PurchaseOrderLine {
  sku: string;
  quantity: number;
  /** what the plan needed before pack size and MOQ */
  needed: number;
  inventoryClass: InventoryClass;
  reason: string;
}

export interface PlannedPurchaseOrder {
  supplierId: string;
  locationId: string;
  lines: PurchaseOrderLine[];
  /** expected arrival day and its 10%–90% range from the supplier's lead-time distribution */
  arrivalDay: number;
  arrivalP10Day: number;
  arrivalP90Day: number;
  trust: number;
}

export interface PlannedTransfer {
  kind: 'REPLENISH' | 'REBALANCE';
  sku: string;
  fromId: string;
  toId: string;
  quantity: number;
  reason: string;
}

export interface NetworkPlan {
  purchaseOrders: PlannedPurchaseOrder[];
  transfers: PlannedTransfer[];
  positionsPlanned: number;
  /** units needed that no source could give in time */
  unsourced: number;
}
