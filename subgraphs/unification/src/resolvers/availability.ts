import type { Channel, GeoPoint } from '@stockgraph/shared';
import type { UnificationContext } from '../context';
import { computeAvailability } from '../availability/computeAvailability';
import { isStaleAt } from '../loaders';

/** Callers reach here through the SKU loader, which has loaded the registry for this request. */
export async function availabilityFor(ctx: UnificationContext, sku: string, channel: Channel, near: GeoPoint | null, radiusKm: number | null) {
  const [positions, down] = await Promise.all([ctx.positionLoader.load(sku), ctx.downSystems()]);
  const fig = computeAvailability({
    sku, channel, policy: ctx.policies[channel], positions, near, radiusKm,
    location: (id) => ctx.registry.location(id),
    isStale: (p) => isStaleAt(ctx, down, p.locationId),
  });
  return { ...fig, sku: { id: sku } };
}
