import type { Channel, StockLedger } from '@stockgraph/shared';
import { locationFeedsChannel, type ChannelPolicy } from '@stockgraph/shared/availability/channelPolicy';
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
  const positions = await deps.ledger.getPositionsForSkus(skus);
  const locations = registry.allLocations().filter((l) => locationFeedsChannel(policy, l));
  const candidates: RoutingCandidate[] = await Promise.all(
    locations.map(async (l) => ({
      id: l.id, type: l.type, geo: l.geo, capabilities: l.capabilities,
      remainingCapacity: l.type === 'STORE' ? Math.max(0, l.dailyCapacity - (await deps.orders.picksToday(l.id, now))) : undefined,
    })),
  );
  const feeds = new Set(locations.map((l) => l.id));
  const stock: StockRecord[] = [];
  positions.forEach((list) => {
    for (const p of list) {
      if (!feeds.has(p.locationId)) continue;
      const available = Math.floor(Math.max(0, p.onHand - p.reserved - p.safetyStock - policy.unitBuffer) * policy.share);
      if (available > 0 || p.incoming > 0) stock.push({ sku: p.sku, locationId: p.locationId, available, incoming: p.incoming });
    }
  });
  const method = input.pickupLocationId
    ? ({ kind: 'PICKUP', pickupLocationId: input.pickupLocationId } as const)
    : ({ kind: 'DELIVERY', destination: input.destination! } as const);
  return { channel: input.channel as Channel, lines, method, candidates, stock, now };
}

/** Two lines of one SKU are one demand. */
export function mergeLines(lines: readonly { sku: string; quantity: number }[]): { sku: string; quantity: number }[] {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l.sku, (m.get(l.sku) ?? 0) + l.quantity);
  return [...m].map(([sku, quantity]) => ({ sku, quantity }));
}
