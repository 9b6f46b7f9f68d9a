// The vocabulary every workspace shares. Enum values match the GraphQL contract.

export const CHANNELS = ['DTC', 'RETAIL', 'WHOLESALE', 'MARKETPLACE'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SOURCE_SYSTEMS = ['ERP', 'WMS', 'POS', 'OMS'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

export const LOCATION_TYPES = ['STORE', 'DISTRIBUTION_CENTER'] as const;
export type LocationType = (typeof LOCATION_TYPES)[number];

export const LOCATION_CAPABILITIES = ['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'PICKUP_IN_STORE', 'RETURNS', 'REFURBISH', 'TRANSFER'] as const;
export type LocationCapability = (typeof LOCATION_CAPABILITIES)[number];

export const FULFILLMENT_METHODS = ['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'PICKUP_IN_STORE'] as const;
export type FulfillmentMethod = (typeof FULFILLMENT_METHODS)[number];

export const MOVEMENT_REASONS = [
  'SNAPSHOT', 'SALE', 'RETURN', 'RECEIPT', 'ADJUSTMENT', 'COUNT', 'TRANSFER_OUT', 'TRANSFER_IN',
  'RESERVATION', 'RELEASE', 'EXPIRY', 'FULFILLMENT', 'INCOMING', 'SAFETY_STOCK',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];

/** Which quantity of a position a movement changed (the audit trail names it). */
export const STOCK_QUANTITIES = ['ON_HAND', 'RESERVED', 'SAFETY_STOCK', 'INCOMING', 'IN_TRANSIT'] as const;
export type StockQuantity = (typeof STOCK_QUANTITIES)[number];

export interface GeoPoint { lat: number; lng: number }

export interface Location {
  id: string;               // global location id (the ERP plant code, e.g. D001, S017)
  name: string;
  type: LocationType;
  geo: GeoPoint;
  capabilities: LocationCapability[];
  /** picks per day a store can handle for ship-from-store / pickup; DCs: effectively unbounded */
  dailyCapacity: number;
  /** local codes of the location in each system */
  localCodes: { system: SourceSystem; code: string }[];
}

export interface LocalCode { system: SourceSystem; code: string }

/** One unified stock position: global SKU × location. */
export interface Position {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  incoming: number;
  /** ms since epoch: the freshest source time behind the figure */
  asOf: number;
  /** which system last changed it */
  source: SourceSystem | 'LEDGER';
  /** units shipped to this location by transfers and not yet received (absent: none) */
  inTransit?: number;
  /** units held per channel (on-hand holds): what the channel's share caps */
  held?: Partial<Record<Channel, number>>;
}

export function availableToSell(p: Pick<Position, 'onHand' | 'reserved' | 'safetyStock'>, buffer = 0): number {
  return Math.max(0, p.onHand - p.reserved - p.safetyStock - buffer);
}

/** The channel's cap less its own holds, within what the pool has left: what a channel may still hold at a position. */
export function channelRoom(p: { onHand: number; reserved: number; safetyStock: number }, heldByChannel: number, buffer: number, share: number): number {
  return channelRoomOf(p.onHand, p.reserved, p.safetyStock, heldByChannel, buffer, share);
}

/** channelRoom from the figures themselves (a packed position has no object to pass). */
export function channelRoomOf(onHand: number, reserved: number, safetyStock: number, heldByChannel: number, buffer: number, share: number): number {
  const pool = onHand - reserved - safetyStock - buffer;
  const cap = Math.floor(Math.max(0, onHand - safetyStock - buffer) * share) - heldByChannel;
  return Math.max(0, Math.min(pool, cap));
}

