import { CHANNELS, type Channel } from '../domain';
import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../kv/KeyValueStore';
import { defineTopic, publishTo } from '../streams/topic';

/** The durable stream demand events travel on (the planning subgraph's history consumes it). */
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
 * Appends a demand event to the durable stream. `sourceId` names the fact (a till line, a shipment
 * line, an RMA line): the same fact published twice (a retried webhook) is counted once by
 * planning. Without one the event gets a fresh id (only redeliveries are recognised).
 * Never throws: demand history is a planning input, not stock, and the sale, shipment or return
 * that caused it already stands; `appendDemand` is the variant for callers that retry on failure.
 */
export async function publishDemand(kv: KeyValueStore, event: DemandEvent, sourceId?: string): Promise<void> {
  try {
    await appendDemand(kv, event, sourceId);
  } catch {
    // see above: the caller's business write already happened and stands
  }
}

/** As publishDemand, but a failure to store the event throws (the caller is retried: POS webhooks). */
export async function appendDemand(kv: KeyValueStore, event: DemandEvent, sourceId?: string): Promise<void> {
  if (event.quantity === 0) return;
  await publishTo(kv, DEMAND_TOPIC, event, sourceId ?? `anon:${randomUUID()}`);
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

/** demand facts; each publisher names the source id (see publishDemand) */
export const DEMAND_TOPIC = defineTopic<DemandEvent>({
  stream: DEMAND_CHANNEL,
  parse: parseDemandEvent,
  sourceId: () => `anon:${randomUUID()}`,
});
