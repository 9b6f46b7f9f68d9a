import type { Channel, GeoPoint, Location, Position } from '../domain';
import type { PackedPositions } from '../ledger/PackedPositions';
import { systemOfRecord, type ReconcilePolicy } from '../reconcile/SnapshotReconciler';
import { locationFeedsChannel, type ChannelPolicies } from './channelPolicy';
import { computeAvailability, type AvailabilityFigure } from './computeAvailability';

/** What an availability answer is computed from, besides the SKU's positions. */
export interface AvailabilityWorld {
  policies: ChannelPolicies;
  /** which system's health a location's figures follow (its system of record) */
  reconcilePolicy: ReconcilePolicy;
  location(id: string): Location | undefined;
  /** the locations feeding a channel, in id order (callers memoise feedingLocations: feedingMemo) */
  feeding(channel: Channel): readonly Location[];
}

/** One SKU's availability for a channel, as `SkuAvailability` answers it (less `sku` and `promisable`, which each caller adds). */
export interface SkuAvailabilityFigure extends AvailabilityFigure {
  /** every location feeding the channel with the channel's figure there: worked out only when asked for */
  locations: () => { location: Location; availableToSell: number }[];
}

/**
 * The availability answer for one SKU: the one implementation behind the unification subgraph's
 * `availability` and the gateway's position cache. `down` are the systems that cannot be reached
 * now: a figure whose location follows one of them is stale.
 */
export function skuAvailability(
  world: AvailabilityWorld,
  sku: string,
  channel: Channel,
  positions: PackedPositions | readonly Position[],
  down: ReadonlySet<string>,
  near: GeoPoint | null,
  radiusKm: number | null,
): SkuAvailabilityFigure {
  const fig = computeAvailability({
    sku, channel, policy: world.policies[channel], positions, near, radiusKm,
    location: (id) => world.location(id),
    isStale: (locationId) => isStaleAt(world, down, locationId),
  });
  const locations = () => {
    const byLocation = fig.byLocation();
    return world.feeding(channel).map((location) => ({ location, availableToSell: byLocation.get(location.id) ?? 0 }));
  };
  return { ...fig, locations };
}

/** A figure is stale while the system of record of its location cannot be reached. */
export function isStaleAt(world: Pick<AvailabilityWorld, 'reconcilePolicy' | 'location'>, down: ReadonlySet<string>, locationId: string): boolean {
  if (down.size === 0) return false;
  const loc = world.location(locationId);
  return loc !== undefined && down.has(systemOfRecord(world.reconcilePolicy, loc));
}

/** The locations feeding a channel under its policy, in id order. */
export function feedingLocations(policies: ChannelPolicies, channel: Channel, all: readonly Location[]): Location[] {
  return all.filter((l) => locationFeedsChannel(policies[channel], l)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * `feedingLocations` worked out once per channel for each array `all()` hands out (a registry
 * hands out one array per catalogue, so a new catalogue is worked out afresh): an
 * AvailabilityWorld's `feeding`.
 */
export function feedingMemo(policies: ChannelPolicies, all: () => readonly Location[]): (channel: Channel) => readonly Location[] {
  let of: readonly Location[] | null = null;
  const byChannel = new Map<Channel, readonly Location[]>();
  return (channel) => {
    const locations = all();
    if (locations !== of) {
      of = locations;
      byChannel.clear();
    }
    let feeds = byChannel.get(channel);
    if (!feeds) byChannel.set(channel, (feeds = feedingLocations(policies, channel, locations)));
    return feeds;
  };
}
