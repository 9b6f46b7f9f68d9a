import type { Channel, GeoPoint, Location, Position } from '../domain';
import { distanceKm } from '../geo';
import { canShip, channelAvailable, locationFeedsChannel, type ChannelPolicy } from './channelPolicy';

export interface PickupFigure { location: Location; distanceKm: number; availableToSell: number }

export interface AvailabilityFigure {
  sku: string;
  channel: Channel;
  availableToSell: number;
  shipping: { available: boolean; quantity: number };
  pickup: PickupFigure[];
  /** the channel's figure at each location that feeds it and has a position */
  byLocation: Map<string, number>;
  asOf: number | null;
  stale: boolean;
}


export const DEFAULT_RADIUS_KM = 50;

/**
 * The storefront's question for one SKU: how many can this channel sell, ship, or hand over
 * near a point. `isStale(position)` tells whether a system behind the figure is unreachable.
 */
export function computeAvailability(args: {
  sku: string;
  channel: Channel;
  policy: ChannelPolicy;
  positions: readonly Position[];
  location: (id: string) => Location | undefined;
  near?: GeoPoint | null;
  radiusKm?: number | null;
  isStale: (p: Position) => boolean;
}): AvailabilityFigure {
  const { policy } = args;
  let total = 0;
  let ship = 0;
  let asOf: number | null = null;
  let stale = false;
  const pickup: PickupFigure[] = [];
  const byLocation = new Map<string, number>();
  const radius = args.radiusKm ?? DEFAULT_RADIUS_KM;
  for (const p of args.positions) {
    const loc = args.location(p.locationId);
    if (!loc || !locationFeedsChannel(policy, loc)) continue;
    const ats = channelAvailable(p, policy, args.channel);
    byLocation.set(loc.id, ats);
    total += ats;
    if (canShip(loc)) ship += ats;
    if (asOf === null || p.asOf > asOf) asOf = p.asOf;
    if (args.isStale(p)) stale = true;
    if (args.near && policy.pickup && loc.type === 'STORE' && loc.capabilities.includes('PICKUP_IN_STORE')) {
      const d = distanceKm(args.near, loc.geo);
      if (d <= radius) pickup.push({ location: loc, distanceKm: Math.round(d * 100) / 100, availableToSell: ats });
    }
  }
  pickup.sort((a, b) => a.distanceKm - b.distanceKm || (a.location.id < b.location.id ? -1 : 1));
  return { sku: args.sku, channel: args.channel, availableToSell: total, shipping: { available: ship > 0, quantity: ship }, pickup, byLocation, asOf, stale };
}
