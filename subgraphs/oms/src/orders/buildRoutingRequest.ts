import type { Channel, PositionSupply, StockLedger } from '@stockgraph/shared';
import { allocateSupply } from '@stockgraph/shared/ledger';
import { channelAvailable, locationFeedsChannel, type ChannelPolicy } from '@stockgraph/shared/availability';
import type { Registry } from '@stockgraph/shared/registry';
import type { RoutingCandidate, RoutingRequest, StockRecord } from '../routing';
import type { OrderStore } from './OrderStore';
import type { RouteOrderInput } from './validateRouteInput';

/** The planner's view of the network for one order: candidates, their capacity and the channel's stock. */
export async function buildRoutingRequest(
  input: RouteOrderInput,
  deps: { ledger: StockLedger; registry: Registry; orders: OrderStore; policy: ChannelPolicy; backorder: boolean },
  now: number,
): Promise<RoutingRequest> {
  const { registry, policy } = deps;
  const lines = mergeLines(input.lines);
  const skus = lines.map((l) => l.sku);
  const locations = registry.allLocations().filter((l) => locationFeedsChannel(policy, l));
  // A store's capacity is orders it can pick a day: with one left it takes a whole order (no
  // unit cap), with none left it takes nothing. DCs are not capped.
  const stores = locations.filter((l) => l.type === 'STORE');
  // positions, supply and today's picks in the same round trip
  const [positions, supplies, picked] = await Promise.all([
    // supply is read only for an order that may be placed against it
    deps.ledger.getPositionsForSkus(skus), deps.backorder ? deps.ledger.getSupply(skus) : skus.map((): PositionSupply[] => []), deps.orders.picksTodayMany(stores.map((l) => l.id), now),
  ]);
  const picks = new Map(picked.map((n, i) => [stores[i]!.id, n]));
  const candidates: RoutingCandidate[] = locations.map((l) => ({
    id: l.id, type: l.type, geo: l.geo, capabilities: l.capabilities,
    remainingCapacity: l.type === 'STORE' && l.dailyCapacity - (picks.get(l.id) ?? 0) <= 0 ? 0 : undefined,
  }));
  const feeds = new Set(locations.map((l) => l.id));
  // a backorder leg may take only what the position can still promise, ready when its last unit is expected
  const promisable = new Map<string, { units: number; etaHours: number }>();
  supplies.forEach((list, i) => {
    for (const s of list) if (feeds.has(s.locationId)) promisable.set(`${s.sku}\u0000${s.locationId}`, promiseFor(s, lines[i]!.quantity, now));
  });
  const stock: StockRecord[] = [];
  positions.forEach((list) => {
    for (const p of list) {
      if (!feeds.has(p.locationId)) continue;
      const available = channelAvailable(p, policy, input.channel);
      const incoming = promisable.get(`${p.sku}\u0000${p.locationId}`);
      promisable.delete(`${p.sku}\u0000${p.locationId}`);
      if (available > 0 || incoming) stock.push({ sku: p.sku, locationId: p.locationId, available, incoming: incoming?.units ?? 0, incomingEtaHours: incoming?.etaHours });
    }
  });
  for (const [k, incoming] of promisable) {
    const [sku, locationId] = k.split('\u0000');
    stock.push({ sku: sku!, locationId: locationId!, available: 0, incoming: incoming.units, incomingEtaHours: incoming.etaHours });
  }
  const method = input.pickupLocationId
    ? ({ kind: 'PICKUP', pickupLocationId: input.pickupLocationId } as const)
    : ({ kind: 'DELIVERY', destination: input.destination! } as const);
  const local = input.pickupLocationId ? pickupShelf(input.pickupLocationId, lines, candidates, stock) : null;
  return { channel: input.channel as Channel, lines, method, candidates: local ?? candidates, stock, now, allowBackorder: deps.backorder };
}

/** Units a position can still promise, and hours until the last of those an order of `wanted` would take is expected. */
function promiseFor(s: PositionSupply, wanted: number, now: number): { units: number; etaHours: number } {
  const remaining = allocateSupply(s).remaining;
  let units = 0;
  let last = now;
  for (const l of remaining) {
    if (units >= wanted) break;
    units += l.quantity;
    last = Date.parse(`${l.expectedOn}T00:00:00Z`);
  }
  units = remaining.reduce((n, l) => n + l.quantity, 0);
  return { units, etaHours: Math.max(0, (last - now) / 3600_000) };
}

/**
 * Click-and-collect is held at the pickup store when its own shelf has every line: a transfer
 * from a DC may cost less on paper, but it moves stock that is already where the customer is
 * going. Otherwise (null) every location that can transfer competes on cost.
 */
function pickupShelf(storeId: string, lines: { sku: string; quantity: number }[], candidates: RoutingCandidate[], stock: StockRecord[]): RoutingCandidate[] | null {
  const store = candidates.find((c) => c.id === storeId);
  if (!store || store.remainingCapacity === 0) return null;
  const here = new Map(stock.filter((s) => s.locationId === storeId).map((s) => [s.sku, s.available]));
  return lines.every((l) => (here.get(l.sku) ?? 0) >= l.quantity) ? [store] : null;
}

/** Two lines of one SKU are one demand. */
export function mergeLines(lines: readonly { sku: string; quantity: number }[]): { sku: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.sku, (m.get(l.sku) ?? 0) + l.quantity);
  return [...m].map(([sku, quantity]) => ({ sku, quantity }));
}
