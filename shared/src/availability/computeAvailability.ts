import type { Channel, GeoPoint, Location, Position } from '../domain';
import { beyondLatitudeBand, distanceKm } from '../geo';
import { PackedPositions } from '../ledger/PackedPositions';
import { canShip, channelAvailableAt, locationFeedsChannel, type ChannelPolicy } from './channelPolicy';

export interface PickupFigure { location: Location; distanceKm: number; availableToSell: number }

export interface AvailabilityFigure {
  sku: string;
  channel: Channel;
  availableToSell: number;
  shipping: { available: boolean; quantity: number };
  pickup: PickupFigure[];
  /** the channel's figure at each location that feeds it and has a position (built when called: most answers never ask) */
  byLocation: () => Map<string, number>;
  asOf: number | null;
  stale: boolean;
}


export const DEFAULT_RADIUS_KM = 50;

/**
 * The storefront's question for one SKU: how many can this channel sell, ship, or hand over
 * near a point. `isStale(locationId)` tells whether a system behind the figure there is
 * unreachable. Packed positions are read in place, by index: an answer builds no object per
 * position (positions as objects are packed first).
 */
export function computeAvailability(args: {
  sku: string;
  channel: Channel;
  policy: ChannelPolicy;
  positions: PackedPositions | readonly Position[];
  location: (id: string) => Location | undefined;
  near?: GeoPoint | null;
  radiusKm?: number | null;
  isStale: (locationId: string) => boolean;
}): AvailabilityFigure {
  const { policy } = args;
  let total = 0;
  let ship = 0;
  let asOf: number | null = null;
  let stale = false;
  const pickup: PickupFigure[] = [];
  /** positions feeding the channel, by index, and their figures */
  const fed: number[] = [];
  const figures: number[] = [];
  const radius = args.radiusKm ?? DEFAULT_RADIUS_KM;
  const positions = args.positions instanceof PackedPositions ? args.positions : PackedPositions.fromPositions(args.sku, args.positions);
  for (let i = 0; i < positions.length; i++) {
    const locationId = positions.locationId(i);
    const loc = args.location(locationId);
    if (!loc || !locationFeedsChannel(policy, loc)) continue;
    const ats = channelAvailableAt(positions, i, policy, args.channel);
    fed.push(i);
    figures.push(ats);
    total += ats;
    if (canShip(loc)) ship += ats;
    const at = positions.asOf(i);
    if (asOf === null || at > asOf) asOf = at;
    if (args.isStale(locationId)) stale = true;
    if (args.near && policy.pickup && loc.type === 'STORE' && loc.capabilities.includes('PICKUP_IN_STORE')) {
      const d = beyondLatitudeBand(args.near, loc.geo, radius) ? Infinity : distanceKm(args.near, loc.geo);
      if (d <= radius) pickup.push({ location: loc, distanceKm: Math.round(d * 100) / 100, availableToSell: ats });
    }
  }
  pickup.sort((a, b) => a.distanceKm - b.distanceKm || (a.location.id < b.location.id ? -1 : 1));
  let byLocation: Map<string, number> | null = null;
  const byLocationOnce = () => (byLocation ??= new Map(fed.map((i, k) => [positions.locationId(i), figures[k]!])));
  return { sku: args.sku, channel: args.channel, availableToSell: total, shipping: { available: ship > 0, quantity: ship }, pickup, byLocation: byLocationOnce, asOf, stale };
}
