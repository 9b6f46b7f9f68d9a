import type { Channel, StockLedger } from '@stockgraph/shared';
import { channelAvailable, locationFeedsChannel, type ChannelPolicy } from '@stockgraph/shared/availability/channelPolicy';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { RoutingCandidate, RoutingRequest, StockRecord } from '../routing';
import type { OrderStore } from './OrderStore';
import type { RouteOrderInput } from './validateRouteInput';

/** The planner's view of the network for one order: candidates, their capacity and the channel's stock. */
export async function buildRoutingRequest(
  input: RouteOrderInput,
  deps: { ledger: StockLedger; registry: Registry; orders: OrderStore; policy: ChannelPolicy },
  now: number,
): Promise<RoutingRequest> {
  const { registry, policy } = deps;
  const lines = mergeLines(input.lines);
  const skus = lines.map((l) => l.sku);
  const locations = registry.allLocations().filter((l) => locationFeedsChannel(policy, l));
  // A store's capacity is orders it can pick a day: with one left it takes a whole order (no
  // unit cap), with none left it takes nothing. DCs are not capped.
  const stores = locations.filter((l) => l.type === 'STORE');
  // positions and today's picks in the same round trip
  const [positions, picked] = await Promise.all([deps.ledger.getPositionsForSkus(skus), deps.orders.picksTodayMany(stores.map((l) => l.id), now)]);
  const picks = new Map(picked.map((n, i) => [stores[i]!.id, n]));
  const candidates: RoutingCandidate[] = locations.map((l) => ({
    id: l.id, type: l.type, geo: l.geo, capabilities: l.capabilities,
    remainingCapacity: l.type === 'STORE' && l.dailyCapacity - (picks.get(l.id) ?? 0) <= 0 ? 0 : undefined,
  }));
  const feeds = new Set(locations.map((l) => l.id));
  const stock: StockRecord[] = [];
  positions.forEach((list) => {
    for (const p of list) {
      if (!feeds.has(p.locationId)) continue;
      const available = channelAvailable(p, policy);
      if (available > 0 || p.incoming > 0) stock.push({ sku: p.sku, locationId: p.locationId, available, incoming: p.incoming });
    }
  });
  const method = input.pickupLocationId
    ? ({ kind: 'PICKUP', pickupLocationId: input.pickupLocationId } as const)
    : ({ kind: 'DELIVERY', destination: input.destination! } as const);
  const local = input.pickupLocationId ? pickupShelf(input.pickupLocationId, lines, candidates, stock) : null;
  return { channel: input.channel as Channel, lines, method, candidates: local ?? candidates, stock, now };
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
