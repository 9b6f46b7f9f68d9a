import type { Channel, FulfillmentMethod, GeoPoint, KeyValueStore } from '@stockgraph/shared';

export type ShipmentStatus = 'PLANNED' | 'READY_FOR_PICKUP' | 'FULFILLED' | 'CANCELLED';

export interface ShipmentLineRecord { sku: string; quantity: number; backorder: boolean; reservationId: string | null; omsLineNo: number }

export interface ShipmentRecord {
  id: string;
  orderId: string;
  status: ShipmentStatus;
  locationId: string;
  method: FulfillmentMethod;
  /** click-and-collect store the goods go to, for transfers */
  transferTo: string | null;
  lines: ShipmentLineRecord[];
  distanceKm: number;
  cost: number;
  promisedBy: string | null;
  reason: string;
  readyAt: number | null;
  fulfilledAt: number | null;
  /** a pickup not collected by then expires and its stock returns */
  collectBy: number | null;
}

export interface OrderRecord {
  id: string;
  externalId: string | null;
  channel: Channel;
  status: string;
  createdAt: number;
  destination: GeoPoint | null;
  pickupLocationId: string | null;
  shipmentIds: string[];
}

/**
 * The OMS subgraph's view of routed orders and their shipments (the legacy OMS stays the system
 * of record; this keeps what the graph adds: the plan, the holds, the pickup lifecycle).
 */
export class OrderStore {
  constructor(private readonly kv: KeyValueStore) {}

  async saveOrder(o: OrderRecord, shipments: ShipmentRecord[]): Promise<void> {
    for (const s of shipments) await this.kv.set(`shipment:${s.id}`, JSON.stringify(s));
    await this.kv.set(`order:${o.id}`, JSON.stringify(o));
    await this.kv.hset('orders:open', { [o.id]: String(o.createdAt) });
  }

  /** Orders with a shipment not yet fulfilled or cancelled (what the reconciler watches). */
  async openOrderIds(): Promise<string[]> { return Object.keys(await this.kv.hgetall('orders:open')); }
  async closeOrder(id: string): Promise<void> { await this.kv.hdel('orders:open', [id]); }

  async recordRepair(repair: Record<string, unknown>): Promise<void> {
    await this.kv.lpushCapped('repairs', JSON.stringify(repair), 1000);
  }
  async repairs(n = 100): Promise<Record<string, unknown>[]> {
    return (await this.kv.lrange('repairs', 0, n - 1)).map((r) => JSON.parse(r) as Record<string, unknown>);
  }

  async order(id: string): Promise<OrderRecord | null> {
    const raw = await this.kv.get(`order:${id}`);
    return raw ? (JSON.parse(raw) as OrderRecord) : null;
  }

  async shipments(ids: readonly string[]): Promise<(ShipmentRecord | null)[]> {
    if (ids.length === 0) return [];
    return (await this.kv.mget(ids.map((id) => `shipment:${id}`))).map((raw) => (raw ? (JSON.parse(raw) as ShipmentRecord) : null));
  }

  async saveShipment(s: ShipmentRecord): Promise<void> {
    await this.kv.set(`shipment:${s.id}`, JSON.stringify(s));
  }

  /** Pickups waiting at a store, with the time they must be collected by. */
  async markReady(shipmentId: string, collectBy: number): Promise<void> { await this.kv.hset('pickups:ready', { [shipmentId]: String(collectBy) }); }
  async clearReady(shipmentId: string): Promise<void> { await this.kv.hdel('pickups:ready', [shipmentId]); }
  async duePickups(now: number): Promise<string[]> {
    return Object.entries(await this.kv.hgetall('pickups:ready')).filter(([, by]) => Number(by) <= now).map(([id]) => id);
  }

  /** Orders a store has taken on to pick for a day (its daily capacity, in orders, is counted against these). */
  async picksToday(locationId: string, now: number): Promise<number> {
    return Number((await this.kv.get(`picks:${locationId}:${new Date(now).toISOString().slice(0, 10)}`)) ?? 0);
  }

  /** One more order (shipment) for the store to pick that day, however many units it has. */
  async addPick(locationId: string, now: number): Promise<void> {
    await this.kv.incr(`picks:${locationId}:${new Date(now).toISOString().slice(0, 10)}`, 1);
  }
}
