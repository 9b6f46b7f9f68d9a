// Inputs and outputs of the per-location replenishment plan. Days count from "today" (day 0).
import type { ServiceTarget } from './inventoryClasses';

/** A supply already on its way: an open purchase order, a transfer in flight, a production run. */
export interface IncomingSupply {
  /** free text matched against the policy's trust table, e.g. PURCHASE_ORDER, TRANSFER */
  type: string;
  quantity: number;
  /** expected arrival, in days from today */
  etaDays: number;
  /** share counted as certain (e.g. the supplier's trust × its chance of arriving in time); default from the policy's table */
  trust?: number;
}

/** Where more can come from: a supplier (purchase order) or a distribution centre (transfer). */
export interface SupplySource {
  kind: 'SUPPLIER' | 'DC';
  id: string;
  leadTimeDays: number;
  /** standard deviation of the lead time in days */
  leadTimeSdDays?: number;
  /** DC only: units the DC can spare for transfer */
  available?: number;
  /** order in multiples of this (cases); default 1 */
  packSize?: number;
  /** smallest order accepted; default 0 */
  minimumOrder?: number;
}

export interface ReplenishmentItem {
  sku: string;
  onHand: number;
  /** on hand but not sellable: reserved for orders, quarantined, damaged */
  held: number;
  /** demand accepted and owed now */
  backorders: number;
  /** demand accepted against future supply (pre-orders), served from incoming */
  preorders: number;
  incoming: IncomingSupply[];
  /** mean daily demand from today on (e.g. forecastSeries points' quantity) */
  forecast: ArrayLike<number>;
  /** standard deviation of daily demand: per day, one figure, or (default) √mean as for Poisson demand */
  forecastSd?: ArrayLike<number> | number;
  sources: SupplySource[];
  /** service target of the item's class; default the policy's cycle service level */
  target?: ServiceTarget;
  /** needed only for the EOQ order quantity */
  costs?: { orderCost: number; holdingCostPerUnitDay: number };
}

export interface ReplenishmentPolicy {
  /** probability of no stock-out per cycle; default 0.95 */
  cycleServiceLevel: number;
  /** days between planning runs; default 7 */
  reviewPeriodDays: number;
  /** ORDER_UP_TO: order up to S = demand over R + L + SS; EOQ: (r, Q) with Q the EOQ */
  orderQuantity: 'ORDER_UP_TO' | 'EOQ';
  /** share of each incoming supply type counted as certain; types not listed count `defaultTrust` */
  supplyTrust: Record<string, number>;
  defaultTrust: number;
}

export const DEFAULT_REPLENISHMENT_POLICY: ReplenishmentPolicy = {
  cycleServiceLevel: 0.95,
  reviewPeriodDays: 7,
  orderQuantity: 'ORDER_UP_TO',
  supplyTrust: { TRANSFER: 1, PURCHASE_ORDER: 0.9 },
  defaultTrust: 0.5,
};

export interface ReplenishmentLine {
  sku: string;
  action: 'TRANSFER' | 'PURCHASE';
  sourceId: string;
  quantity: number;
  leadTimeDays: number;
}

export interface ReplenishmentItemPlan {
  sku: string;
  /** lead time of the fastest source able to supply, the one safety stock protects */
  leadTimeDays: number;
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  /** on hand − held − backorders − preorders + trusted incoming due within R + L */
  inventoryPosition: number;
  trustedIncoming: number;
  /** incoming due after R + L: not counted now */
  lateIncoming: number;
  orderQuantity: number;
  /** ordered units no source could supply */
  unsourced: number;
  lines: ReplenishmentLine[];
  /** backorders and pre-orders covered by sellable stock, then by trusted incoming, and the rest */
  backlogFromStock: number;
  backlogFromIncoming: number;
  backlogUncovered: number;
  /** first day projected sellable stock goes negative without a new order; null if not within R + L */
  projectedStockoutDay: number | null;
}

export interface ReplenishmentPlan {
  locationId: string;
  items: ReplenishmentItemPlan[];
  lines: ReplenishmentLine[];
}
