import type { Channel, GeoPoint } from '@stockgraph/shared';
import type { UnificationContext } from '../context';
import { feedingMemo, skuAvailability, type AvailabilityWorld } from '@stockgraph/shared/availability';
import { promisableByDate } from '@stockgraph/shared/ledger';

/** What availabilityFor answers: `locations` and `promisable` are worked out only when asked for. */
export type SkuAvailabilityModel = Awaited<ReturnType<typeof availabilityFor>>;

/** Callers reach here through the SKU loader, which has loaded the registry for this request. */
export async function availabilityFor(ctx: UnificationContext, sku: string, channel: Channel, near: GeoPoint | null, radiusKm: number | null) {
  const [positions, down] = await Promise.all([ctx.positionLoader.load(sku), ctx.downSystems()]);
  const world = worldOf(ctx);
  const fig = skuAvailability(world, sku, channel, positions, down, near, radiusKm);
  // only when asked for (the storefront's hot read does not): the supply is a second ledger read
  const promisable = async () => {
    const feeds = new Set(world.feeding(channel).map((l) => l.id));
    return promisableByDate((await ctx.supplyLoader.load(sku)).filter((s) => feeds.has(s.locationId)));
  };
  return { ...fig, sku: { id: sku }, promisable };
}

const worlds = new WeakMap<UnificationContext, AvailabilityWorld>();

/** The request's view for the shared computation; the feeding locations worked out once per request and channel. */
function worldOf(ctx: UnificationContext): AvailabilityWorld {
  let w = worlds.get(ctx);
  if (!w) {
    w = {
      policies: ctx.policies,
      reconcilePolicy: ctx.reconcilePolicy,
      location: (id) => ctx.registry.location(id),
      feeding: feedingMemo(ctx.policies, () => ctx.registry.allLocations()),
    };
    worlds.set(ctx, w);
  }
  return w;
}
