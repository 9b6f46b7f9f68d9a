// When a shipment arrives (delivery) or is ready to collect (pickup), in hours from now.
import type { FulfillmentMethod } from '@stockgraph/shared';
import type { RoutingConfig } from './routingConfig';

export function transitHours(config: RoutingConfig, method: FulfillmentMethod, distanceKm: number): number {
  const leg = config.transit[method];
  return leg.baseHours + distanceKm / leg.kmPerHour;
}

export interface PromiseParts {
  method: FulfillmentMethod;
  processingHours: number;
  distanceKm: number;
  /** hours until incoming supply lands, for a backorder leg */
  backorderHours?: number;
  /** click-and-collect: the pickup store's own processing; absent when the goods are already there */
  transferToPickup?: { pickupProcessingHours: number };
  /** click-and-collect from the pickup store's own stock: no transit at all */
  localPickup?: boolean;
}

export function promiseHours(config: RoutingConfig, p: PromiseParts): number {
  const waitForSupply = p.backorderHours ?? 0;
  if (p.localPickup) return waitForSupply + p.processingHours;
  const transit = transitHours(config, p.method, p.distanceKm);
  const receive = p.transferToPickup?.pickupProcessingHours ?? 0;
  return waitForSupply + p.processingHours + transit + receive;
}

/** ISO time `hours` after `now` (ms since epoch). */
export function promisedBy(now: number, hours: number): string {
  return new Date(now + Math.ceil(hours * 3600) * 1000).toISOString();
}
