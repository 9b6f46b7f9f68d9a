// The planner's input and output. Pure data: the resolver builds a RoutingRequest from the
// ledger and the location master, and maps a RoutingPlan onto the contract's RoutePlan.
import type { Channel, FulfillmentMethod, GeoPoint, LocationCapability, LocationType } from '@stockgraph/shared';

export interface OrderLine { sku: string; quantity: number }

/** Delivery to a point, or click-and-collect at a store. */
export type RoutingMethod =
  | { kind: 'DELIVERY'; destination: GeoPoint }
  | { kind: 'PICKUP'; pickupLocationId: string };

export interface RoutingCandidate {
  id: string;
  type: LocationType;
  geo: GeoPoint;
  capabilities: readonly LocationCapability[];
  /** units a store can still pick today; omitted = unbounded (DCs) */
  remainingCapacity?: number;
  /** hours from release to ready to leave (or ready to collect); omitted = config default by type */
  processingHours?: number;
  /** channels the location serves; omitted = all */
  channels?: readonly Channel[];
}

/** Stock of one SKU at one location for the order's channel (already net of safety stock and buffer). */
export interface StockRecord {
  sku: string;
  locationId: string;
  available: number;
  /** open inbound supply that a backorder may be placed against */
  incoming?: number;
  /** hours until the incoming supply is sellable; omitted = config backorderLeadHours */
  incomingEtaHours?: number;
}

export interface RoutingRequest {
  channel: Channel;
  lines: readonly OrderLine[];
  method: RoutingMethod;
  candidates: readonly RoutingCandidate[];
  stock: readonly StockRecord[];
  /** ms since epoch; when given, shipments carry an ISO `promisedBy` */
  now?: number;
  /** lines may be placed against incoming supply; default the channel's policy */
  allowBackorder?: boolean;
}

export type ChosenReason =
  | 'FULL_COVER'          // one location serves the whole order at the lowest cost
  | 'PARTIAL_COVER'       // one location serves all that can be served; the rest is unassigned
  | 'LEAST_COST_SPLIT'    // part of a multi-shipment plan that beats every single-location plan
  | 'ONLY_SOURCE'         // needed because nothing else can serve these units
  | 'PICKUP_LOCAL'        // held at the click-and-collect store itself
  | 'TRANSFER_TO_PICKUP'  // moved to the click-and-collect store
  | 'BACKORDER';          // placed against the location's incoming supply

export type RejectedReason = 'NOT_ELIGIBLE' | 'NO_STOCK' | 'NO_CAPACITY' | 'TOO_FAR_FOR_SLA' | 'COSTLIER';

export type UnassignedReason =
  | 'INVALID_QUANTITY' | 'NO_STOCK' | 'INSUFFICIENT_STOCK' | 'NO_CAPACITY'
  | 'METHOD_NOT_ALLOWED' | 'UNKNOWN_PICKUP_LOCATION' | 'PICKUP_NOT_AVAILABLE' | 'INVALID_DESTINATION';

export interface PlannedLine { sku: string; quantity: number; backorder: boolean }

export interface PlannedShipment {
  /** deterministic within a plan: location, method and whether it is a backorder leg */
  key: string;
  locationId: string;
  locationType: LocationType;
  method: FulfillmentMethod;
  /** click-and-collect store the goods are moved to (transfers only) */
  transferTo?: string;
  backorder: boolean;
  lines: PlannedLine[];
  distanceKm: number;
  /** this shipment's own cost: per shipment + per km + per unit (+ backorder handling) */
  cost: number;
  /** hours until delivered (delivery) or ready to collect (pickup) */
  promiseHours: number;
  promisedBy?: string;
  meetsSla: boolean;
  reason: ChosenReason;
  why: string;
}

export interface RejectedLocation { locationId: string; reason: RejectedReason; detail: string }

export interface UnassignedLine { sku: string; quantity: number; reason: UnassignedReason }

export interface RoutingPlan {
  shipments: PlannedShipment[];
  unassigned: UnassignedLine[];
  /** Σ shipment cost + split penalty × splitCount */
  totalCost: number;
  splitCount: number;
  splitPenaltyCost: number;
  /** latest shipment promise; 0 when nothing ships */
  promiseHours: number;
  slaHours: number | null;
  meetsSla: boolean;
  rejected: RejectedLocation[];
  search: SearchStats;
}

export interface SearchStats {
  /** sources (location × stock/backorder) that could serve something */
  sources: number;
  /** sources left after dominance and bound pruning */
  pool: number;
  evaluations: number;
  /** true when branch-and-bound finished: the plan is optimal for the cost model */
  exact: boolean;
}
