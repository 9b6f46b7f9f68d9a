import type { Channel, GeoPoint, Location } from '@stockgraph/shared';
import type { UnificationContext } from '../context';
import { computeAvailability } from '../availability/computeAvailability';
import { isStaleAt } from '../loaders';
import { locationFeedsChannel } from '@stockgraph/shared/availability/channelPolicy';
import { promisableByDate } from '@stockgraph/shared/ledger/allocateSupply';

/** What availabilityFor answers: `locations` and `promisable` are worked out only when asked for. */
export type SkuAvailabilityModel = Awaited<ReturnType<typeof availabilityFor>>;

/** Callers reach here through the SKU loader, which has loaded the registry for this request. */
export async function availabilityFor(ctx: UnificationContext, sku: string, channel: Channel, near: GeoPoint | null, radiusKm: number | null) {
  const [positions, down] = await Promise.all([ctx.positionLoader.load(sku), ctx.downSystems()]);
  const policy = ctx.policies[channel];
  const fig = computeAvailability({
    sku, channel, policy, positions, near, radiusKm,
    location: (id) => ctx.registry.location(id),
    isStale: (p) => isStaleAt(ctx, down, p.locationId),
  });
  // both only when asked for (the storefront's hot read asks for neither); the supply is a second ledger read
  const locations = () => feedingLocations(ctx, channel).map((location) => ({ location, availableToSell: fig.byLocation.get(location.id) ?? 0 }));
  const promisable = async () => {
    const feeds = new Set(feedingLocations(ctx, channel).map((l) => l.id));
    return promisableByDate((await ctx.supplyLoader.load(sku)).filter((s) => feeds.has(s.locationId)));
  };
  return { ...fig, sku: { id: sku }, locations, promisable };
}

const feeding = new WeakMap<UnificationContext, Map<Channel, Location[]>>();

/** The locations feeding a channel, in id order: worked out once per request and channel. */
function feedingLocations(ctx: UnificationContext, channel: Channel): Location[] {
  const byChannel = feeding.get(ctx) ?? feeding.set(ctx, new Map()).get(ctx)!;
  let list = byChannel.get(channel);
  if (!list) {
    list = ctx.registry.allLocations().filter((l) => locationFeedsChannel(ctx.policies[channel], l)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    byChannel.set(channel, list);
  }
  return list;
}
