import { CHANNELS, type Channel } from '../domain';
import type { KeyValueStore } from '../kv/KeyValueStore';

/** The KV pub/sub channel demand events travel on (the planning subgraph's history listens). */
export const DEMAND_CHANNEL = 'demand';

/**
 * One unit of demand as it happened: a till sale (+), a till or RMA return (−), a shipped order
 * line (+). Signed so that the planning history can add them up into net daily demand.
 */
export interface DemandEvent {
  sku: string;
  locationId: string;
  /** UTC calendar day, 'YYYY-MM-DD' */
  date: string;
  quantity: number;
  channel: Channel;
  /** set for shipped order lines: lets planning count shipments per order (split rate) */
  orderId?: string;
  shipmentId?: string;
}

export const utcDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Fire-and-forget by design: pub/sub has no delivery guarantee, and demand history is a planning
 * input, not stock; a lost message must never fail the sale, shipment or return that caused it.
 */
export async function publishDemand(kv: KeyValueStore, event: DemandEvent): Promise<void> {
  if (event.quantity === 0) return;
  try {
    await kv.publish(DEMAND_CHANNEL, JSON.stringify(event));
  } catch {
    // see above: the caller's business write already happened and stands
  }
}

/** Parses a message from the channel; anything malformed is null (the channel is shared). */
export function parseDemandEvent(message: string): DemandEvent | null {
  let v: unknown;
  try {
    v = JSON.parse(message);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const e = v as Record<string, unknown>;
  if (typeof e.sku !== 'string' || typeof e.locationId !== 'string') return null;
  if (typeof e.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(e.date)) return null;
  if (typeof e.quantity !== 'number' || !Number.isFinite(e.quantity)) return null;
  if (!CHANNELS.includes(e.channel as Channel)) return null;
  const out: DemandEvent = { sku: e.sku, locationId: e.locationId, date: e.date, quantity: e.quantity, channel: e.channel as Channel };
  if (typeof e.orderId === 'string') out.orderId = e.orderId;
  if (typeof e.shipmentId === 'string') out.shipmentId = e.shipmentId;
  return out;
}
