import type { Channel, GeoPoint } from '@stockgraph/shared';
import type { UnificationContext } from '../context';
import { computeAvailability } from '../availability/computeAvailability';
import { stockSourceOf } from '../loaders';
import { locationFeedsChannel } from '@stockgraph/shared/availability/channelPolicy';
import { promisableByDate } from '@stockgraph/shared/ledger/allocateSupply';

/** Callers reach here through the SKU loader, which has loaded the registry for this request. */
export async function availabilityFor(ctx: UnificationContext, sku: string, channel: Channel, near: GeoPoint | null, radiusKm: number | null) {
  const [positions, down] = await Promise.all([ctx.positionLoader.load(sku), ctx.downSystems]);
  const policy = ctx.policies[channel];
  const feeding = ctx.registry.allLocations().filter((l) => locationFeedsChannel(policy, l)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const fig = computeAvailability({
    sku, channel, policy, positions, near, radiusKm, feeding,
    location: (id) => ctx.registry.location(id),
    isStale: (p) => down.has(stockSourceOf(ctx.registry.location(p.locationId))),
  });
  const feeds = new Set(feeding.map((l) => l.id));
  // read only when asked for: the supply is a second ledger read
  const promisable = async () => promisableByDate((await ctx.supplyLoader.load(sku)).filter((s) => feeds.has(s.locationId)));
  return { ...fig, sku: { id: sku }, promisable };
}
