// Small hand-made networks around London for the table-driven tests.
import type { GeoPoint, LocationCapability } from '@stockgraph/shared';
import type { RoutingCandidate, RoutingRequest, StockRecord } from '../routingTypes';

export const LONDON: GeoPoint = { lat: 51.5074, lng: -0.1278 };

/** A point `km` north of `from` (1° latitude ≈ 111.2 km). */
export function north(km: number, from: GeoPoint = LONDON): GeoPoint {
  return { lat: from.lat + km / 111.195, lng: from.lng };
}

export function store(id: string, geo: GeoPoint, extra: Partial<RoutingCandidate> = {}): RoutingCandidate {
  const capabilities: LocationCapability[] = ['SHIP_FROM_STORE', 'PICKUP_IN_STORE', 'TRANSFER'];
  return { id, type: 'STORE', geo, capabilities, remainingCapacity: 50, processingHours: 4, ...extra };
}

export function dc(id: string, geo: GeoPoint, extra: Partial<RoutingCandidate> = {}): RoutingCandidate {
  return { id, type: 'DISTRIBUTION_CENTER', geo, capabilities: ['SHIP_FROM_DC', 'TRANSFER'], processingHours: 12, ...extra };
}

/** stock('S1', { A: 2, B: 1 }) */
export function stock(locationId: string, bySku: Record<string, number>, incoming: Record<string, number> = {}): StockRecord[] {
  const skus = new Set([...Object.keys(bySku), ...Object.keys(incoming)]);
  return [...skus].map((sku) => ({ sku, locationId, available: bySku[sku] ?? 0, incoming: incoming[sku] ?? 0 }));
}

export function delivery(partial: Omit<RoutingRequest, 'method' | 'channel'> & Partial<Pick<RoutingRequest, 'channel'>>, destination: GeoPoint = LONDON): RoutingRequest {
  return { channel: 'DTC', method: { kind: 'DELIVERY', destination }, ...partial };
}

export function pickupAt(pickupLocationId: string, partial: Omit<RoutingRequest, 'method' | 'channel'>): RoutingRequest {
  return { channel: 'DTC', method: { kind: 'PICKUP', pickupLocationId }, ...partial };
}
