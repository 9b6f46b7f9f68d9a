import type { Channel, FulfillmentMethod, GeoPoint, KeyValueStore } from '@stockgraph/shared';
import { withLease } from '@stockgraph/shared/kv';
import type { RoutingPlan } from '../routing';

export type ShipmentStatus = 'PLANNED' | 'READY_FOR_PICKUP' | 'FULFILLED' | 'CANCELLED';

export interface ShipmentLineRecord {
  sku: string; quantity: number; backorder: boolean; reservationId: string | null; omsLineNo: number;
  /** units shipped (or collected), and cancelled, as the OMS last reported them */
  fulfilled?: number;
  cancelled?: number;
  /** a hold replaced by a smaller one, released by the next settle if a crash left it active */
  releasing?: string | null;
}

/** Units of a line neither shipped nor cancelled. */
export const openUnits = (l: ShipmentLineRecord): number => Math.max(0, l.quantity - (l.fulfilled ?? 0) - (l.cancelled ?? 0));

export const ORDER_STATUSES = ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED', 'CANCELLED', 'PARTIALLY_CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

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
  /** as the OMS last reported it */
  status: OrderStatus;
  createdAt: number;
  /** the API client that routed it: its own orderId (externalId) finds it for that client */
  clientId?: string | null;
  /** the caller gave externalId (not one made up for it) */
  callerRef?: boolean;
  destination: GeoPoint | null;
  pickupLocationId: string | null;
  shipmentIds: string[];
}

/** What routeOrder is about to write to the OMS (see OrderStore.saveIntent). */
export interface OrderIntent { ref: string; plan: RoutingPlan; shipments: ShipmentRecord[] }

/** as long as idempotency keys are kept: a retry after that is a new order */
const INTENT_TTL_MS = 24 * 3600_000;

/** a day's picks outlive the day in every time zone, and then go */
const PICKS_TTL_MS = 48 * 3600_000;
const refKey = (clientId: string | null, ref: string) => `order-ref:${clientId ?? '-'}:${ref}`;
const picksKey = (now: number) => `picks:${new Date(now).toISOString().slice(0, 10)}`;

/**
 * The OMS subgraph's view of routed orders and their shipments (the legacy OMS stays the system
 * of record; this keeps what the graph adds: the plan, the holds, the pickup lifecycle).
 */
export class OrderStore {
  /** this process's callers of withOrderLock, per order: each waits for the one before */
  private readonly queues = new Map<string, Promise<void>>();
  constructor(private readonly kv: KeyValueStore) {}

  /** commands sent one after another run in that order (see KeyValueStore.keepsOrder) */
  get keepsOrder(): boolean { return this.kv.keepsOrder; }

  /**
   * Saves an order with its shipments. Issued together on one connection they share one round
   * trip, and Redis runs them in the order sent: the shipments before the order that lists them.
   */
  async saveOrder(o: OrderRecord, shipments: ShipmentRecord[]): Promise<void> {
    await Promise.all([
      ...shipments.map((s) => this.kv.set(`shipment:${s.id}`, JSON.stringify(s))),
      this.kv.set(`order:${o.id}`, JSON.stringify(o)),
      // the caller's own reference finds the order (for that caller) from the same round trip on
      o.callerRef && o.externalId ? this.kv.set(refKey(o.clientId ?? null, o.externalId), o.id) : null,
      this.kv.hset('orders:open', { [o.id]: String(o.createdAt) }),
    ]);
  }

  /** The order and its shipments after a change of their life (status, counts, holds). */
  async updateOrder(o: OrderRecord, shipments: readonly ShipmentRecord[]): Promise<void> {
    await Promise.all([...shipments.map((s) => this.kv.set(`shipment:${s.id}`, JSON.stringify(s))), this.kv.set(`order:${o.id}`, JSON.stringify(o))]);
  }

  /**
   * An order by the OMS's number, or by the orderId the calling client gave routeOrder (unique
   * per client: another client's reference finds nothing).
   */
  async findOrder(id: string, clientId: string | null): Promise<OrderRecord | null> {
    const [byNumber, ref] = await Promise.all([this.order(id), this.kv.get(refKey(clientId, id))]);
    if (byNumber) return byNumber;
    return ref ? this.order(ref) : null;
  }

  /**
   * One change at a time per order (the mutation and the OMS event feed may settle the same order
   * at once): callers in this process queue behind each other, and the queue's head takes a lease
   * in the store against other processes, waiting for it; a holder that died frees it when it lapses.
   */
  async withOrderLock<T>(orderId: string, run: () => Promise<T>, leaseMs = 10_000): Promise<T> {
    const before = this.queues.get(orderId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => { done = r; });
    const tail = before.then(() => mine);
    this.queues.set(orderId, tail);
    try {
      await before;
      return await withLease(this.kv, `order-lock:${orderId}`, run, leaseMs);
    } finally {
      done();
      if (this.queues.get(orderId) === tail) this.queues.delete(orderId);
    }
  }


  /**
   * An order on its way to the OMS: its shipments and holds, saved before the OMS is written to.
   * A run that fails after that point (the OMS may have the order) leaves it for the retry, which
   * sends the OMS the very same order instead of planning a different one.
   */
  async saveIntent(omsKey: string, intent: OrderIntent): Promise<void> {
    await this.kv.set(`route-intent:${omsKey}`, JSON.stringify(intent), { ttlMs: INTENT_TTL_MS });
  }
  async intent(omsKey: string): Promise<OrderIntent | null> {
    const raw = await this.kv.get(`route-intent:${omsKey}`);
    return raw ? (JSON.parse(raw) as OrderIntent) : null;
  }
  async clearIntent(omsKey: string): Promise<void> { await this.kv.del(`route-intent:${omsKey}`); }

  /** Orders with a shipment not yet fulfilled or cancelled (what the reconciler watches). */
  async openOrderIds(): Promise<string[]> { return Object.keys(await this.kv.hgetall('orders:open')); }
  async closeOrder(id: string): Promise<void> { await this.kv.hdel('orders:open', [id]); }

  /** holds the reconciler took for open OMS allocations of orders whose record was lost, by `<orderId>#<lineNo>` */
  async lostOrderHolds(): Promise<Record<string, string>> { return this.kv.hgetall('lost-order-holds'); }
  async saveLostOrderHold(field: string, reservationId: string): Promise<void> { await this.kv.hset('lost-order-holds', { [field]: reservationId }); }
  async dropLostOrderHold(field: string): Promise<void> { await this.kv.hdel('lost-order-holds', [field]); }

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

  /**
   * Orders a store has taken on to pick for a day (its daily capacity, in orders, is counted
   * against these): one hash per day, a field per store, gone two days after its last pick. Read in one command.
   */
  async picksTodayMany(locationIds: readonly string[], now: number): Promise<number[]> {
    return (await this.kv.hmget(picksKey(now), locationIds)).map((v) => Number(v ?? 0));
  }

  /**
   * One more order (shipment) for the store to pick that day, however many units it has, taken
   * only while the store has capacity left: two orders routed at once cannot both take its last.
   */
  async takePick(locationId: string, dailyCapacity: number, now: number): Promise<boolean> {
    return this.kv.hincrBelow(picksKey(now), locationId, dailyCapacity, { ttlMs: PICKS_TTL_MS });
  }

  /** A pick taken for an order that was not placed after all. */
  async givePickBack(locationId: string, now: number): Promise<void> {
    await this.kv.hincr(picksKey(now), locationId, -1);
  }
}
