import type { Channel } from '@stockgraph/shared';
import type { ChannelPolicy } from '@stockgraph/shared/availability';
import type { World, WorldItem, WorldLocation } from '@stockgraph/simulators';
import { stockAt } from '@stockgraph/simulators';

/*
 * What the graph should answer, worked out from the simulators' World and written out here on
 * purpose (not imported from the code under test): the arithmetic of the contract, done twice.
 */

export type LocalCode = { system: string; code: string };

/** EANs two ERP materials both list: the POS barcode and the OMS product carrying one cannot be attributed. */
export function conflictCodes(world: World): Set<string> {
  return new Set(world.anomalies.conflicts.map((c) => c.code));
}

/** Every local code of an item: ERP padded material, WMS article, POS barcode (+ PLU), OMS SKU. */
export function expectedLocalCodes(world: World, item: WorldItem): LocalCode[] {
  const codes: LocalCode[] = [{ system: 'ERP', code: item.matnr }, { system: 'WMS', code: item.wmsArticle }];
  if (!conflictCodes(world).has(item.gtin)) {
    codes.push({ system: 'POS', code: item.gtin });
    if (item.plu) codes.push({ system: 'POS', code: item.plu });
    codes.push({ system: 'OMS', code: item.ecomSku });
  }
  return sortCodes(codes);
}

export const sortCodes = (codes: LocalCode[]): LocalCode[] =>
  [...codes].sort((a, b) => `${a.system}:${a.code}`.localeCompare(`${b.system}:${b.code}`));

export const locationType = (l: WorldLocation) => (l.type === 'DC' ? 'DISTRIBUTION_CENTER' : 'STORE');

/** DCs ship and take returns, transfers and refurbishment; stores ship or hand over when the ERP flags say so. */
export function expectedCapabilities(l: WorldLocation): string[] {
  const caps = l.type === 'DC'
    ? ['SHIP_FROM_DC', 'RETURNS', 'TRANSFER', 'REFURBISH']
    : [...(l.sfs ? ['SHIP_FROM_STORE'] : []), ...(l.cnc ? ['PICKUP_IN_STORE'] : []), 'RETURNS', 'TRANSFER'];
  return caps.sort();
}

/**
 * On hand the ledger should hold at start: the WMS figure at a DC, the POS figure at a store
 * (an oversold till's negative figure is an empty shelf); null where the item is not ranged or
 * its POS barcode is in conflict.
 */
export function expectedOnHand(world: World, plant: string, item: WorldItem): number | null {
  const loc = world.locations.find((l) => l.plant === plant);
  if (!loc) throw new Error(`no location ${plant}`);
  const q = stockAt(world, plant, item.matnr);
  if (q === null) return null;
  if (loc.type === 'STORE' && conflictCodes(world).has(item.gtin)) return null;
  return Math.max(0, q);
}

const R = 6371.0088;
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2
    + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

function feeds(policy: ChannelPolicy, l: WorldLocation): boolean {
  if (!policy.locationTypes.includes(locationType(l))) return false;
  if (l.type === 'DC' || policy.storesNeed === 'ANY') return true;
  return policy.storesNeed === 'SHIP_FROM_STORE' ? l.sfs : l.cnc;
}

export interface ExpectedAvailability {
  availableToSell: number;
  shipping: { available: boolean; quantity: number };
  pickup: { locationId: string; distanceKm: number; availableToSell: number }[];
}

/**
 * A SKU's availability for a channel: per position on hand − reserved − safety stock − the
 * channel's unit buffer (never below zero), times its share (rounded down), summed over the
 * locations the channel's policy admits. `onHand` overrides figures that moved since the start.
 */
export function expectedAvailability(
  world: World, item: WorldItem, policy: ChannelPolicy,
  opts: { near?: { lat: number; lng: number }; radiusKm?: number; onHand?: (plant: string) => number | null } = {},
): ExpectedAvailability {
  let total = 0;
  let ship = 0;
  const pickup: ExpectedAvailability['pickup'] = [];
  for (const l of world.locations) {
    const onHand = opts.onHand ? opts.onHand(l.plant) : expectedOnHand(world, l.plant, item);
    if (onHand === null || !feeds(policy, l)) continue;
    const ats = Math.floor(Math.max(0, onHand - policy.unitBuffer) * policy.share);
    total += ats;
    if (l.type === 'DC' || l.sfs) ship += ats;
    if (opts.near && policy.pickup && l.type === 'STORE' && l.cnc) {
      const d = haversineKm(opts.near, l);
      if (d <= (opts.radiusKm ?? 50)) pickup.push({ locationId: l.plant, distanceKm: d, availableToSell: ats });
    }
  }
  pickup.sort((a, b) => a.distanceKm - b.distanceKm);
  return { availableToSell: total, shipping: { available: ship > 0, quantity: ship }, pickup };
}

/** Open purchase-order lines of an item still to come (ordered − received > 0). */
export function expectedIncoming(world: World, item: WorldItem): { quantity: number; expectedOn: string; plant: string }[] {
  return world.purchaseOrders
    .filter((po) => po.status === 'open')
    .flatMap((po) => po.lines.filter((l) => l.matnr === item.matnr && l.qty > l.received)
      .map((l) => ({ quantity: l.qty - l.received, expectedOn: l.expectedOn, plant: po.plant })));
}

export const CHANNEL_LIST: Channel[] = ['DTC', 'RETAIL', 'WHOLESALE', 'MARKETPLACE'];
