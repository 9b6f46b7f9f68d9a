import { z } from 'zod';
import { channelRoom, channelRoomOf, CHANNELS, type Channel, type Location, type LocationType, type Position } from '../domain';
import type { PackedPositions } from '../ledger/PackedPositions';

/**
 * Which locations feed a channel and what it holds back. A strategy in configuration: the
 * defaults below, overridable per deployment (CHANNEL_POLICIES as JSON) and swapped in tests.
 */
export const channelPolicySchema = z.object({
  /** location types whose stock the channel may sell */
  locationTypes: z.array(z.enum(['STORE', 'DISTRIBUTION_CENTER'])).min(1),
  /** stores count only when they can ship or hand over to this channel */
  storesNeed: z.enum(['SHIP_FROM_STORE', 'PICKUP_IN_STORE', 'ANY']).default('ANY'),
  /** share (0–1] of each position (on hand − safety stock − buffer) the channel may hold, its own holds counted */
  share: z.number().gt(0).max(1).default(1),
  /** units per position kept back from the channel */
  unitBuffer: z.number().int().min(0).default(0),
  /** whether the channel offers pickup in store */
  pickup: z.boolean().default(true),
  /** storefronts show a low-stock badge when the channel's network figure is at or below this (0: never) */
  lowStockThreshold: z.number().int().min(0).default(5),
});
export type ChannelPolicy = z.infer<typeof channelPolicySchema>;
export type ChannelPolicies = Record<Channel, ChannelPolicy>;

export const DEFAULT_CHANNEL_POLICIES: ChannelPolicies = {
  // web: every DC and every store that ships or hands over
  DTC: { locationTypes: ['DISTRIBUTION_CENTER', 'STORE'], storesNeed: 'ANY', share: 1, unitBuffer: 0, pickup: true, lowStockThreshold: 5 },
  // stores' endless aisle: the whole network, pickup only from stores
  RETAIL: { locationTypes: ['DISTRIBUTION_CENTER', 'STORE'], storesNeed: 'ANY', share: 1, unitBuffer: 0, pickup: true, lowStockThreshold: 3 },
  // wholesale sees DC stock only, and at most half of it
  WHOLESALE: { locationTypes: ['DISTRIBUTION_CENTER'], storesNeed: 'ANY', share: 0.5, unitBuffer: 0, pickup: false, lowStockThreshold: 48 },
  // marketplaces: DCs and ship-from-store stores, two units kept back per position against oversell
  MARKETPLACE: { locationTypes: ['DISTRIBUTION_CENTER', 'STORE'], storesNeed: 'SHIP_FROM_STORE', share: 1, unitBuffer: 2, pickup: false, lowStockThreshold: 10 },
};

export function parseChannelPolicies(json: string | undefined): ChannelPolicies {
  if (!json) return DEFAULT_CHANNEL_POLICIES;
  const overrides = z.record(z.enum(CHANNELS), channelPolicySchema.partial()).parse(JSON.parse(json));
  const out = { ...DEFAULT_CHANNEL_POLICIES };
  for (const [ch, o] of Object.entries(overrides) as [Channel, Partial<ChannelPolicy>][]) {
    out[ch] = channelPolicySchema.parse({ ...DEFAULT_CHANNEL_POLICIES[ch], ...o });
  }
  return out;
}

export function locationFeedsChannel(policy: ChannelPolicy, loc: Location): boolean {
  if (!policy.locationTypes.includes(loc.type as LocationType)) return false;
  if (loc.type !== 'STORE' || policy.storesNeed === 'ANY') return true;
  return loc.capabilities.includes(policy.storesNeed);
}

export function canShip(loc: Location): boolean {
  return loc.capabilities.includes(loc.type === 'STORE' ? 'SHIP_FROM_STORE' : 'SHIP_FROM_DC');
}

/**
 * A position's figure for one channel, the same figure a hold for it may take: what the pool has
 * left (on hand − reserved − safety stock − buffer), within the channel's cap less its own holds
 * (⌊(on hand − safety stock − buffer) × share⌋ − held by the channel).
 */
export function channelAvailable(p: Pick<Position, 'onHand' | 'reserved' | 'safetyStock' | 'held'>, policy: ChannelPolicy, channel: Channel): number {
  return channelRoom(p, p.held?.[channel] ?? 0, policy.unitBuffer, policy.share);
}

/** channelAvailable of a packed SKU's position i, read in place. */
export function channelAvailableAt(positions: PackedPositions, i: number, policy: ChannelPolicy, channel: Channel): number {
  return channelRoomOf(positions.onHand(i), positions.reserved(i), positions.safetyStock(i), positions.held(i, channel), policy.unitBuffer, policy.share);
}
