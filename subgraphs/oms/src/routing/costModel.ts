// The money side of a plan. Everything the planner, the baseline and the MIP yardstick charge
// comes from these functions, so the three always price a plan the same way.
import type { FulfillmentMethod, LocationType } from '@stockgraph/shared';
import type { RoutingConfig } from './routingConfig';

type CostConfig = RoutingConfig['cost'];

/** Cost of opening a shipment from a location, before any unit: per shipment + per km. */
export function shipmentFixedCost(cost: CostConfig, type: LocationType, method: FulfillmentMethod, distanceKm: number): number {
  return cost.perShipment[type] + cost.perKm[method] * distanceKm;
}

/** Cost of handling one unit at a location; backordered units are handled again when supply lands. */
export function unitHandlingCost(cost: CostConfig, type: LocationType, backorder: boolean): number {
  return cost.perUnit[type] + (backorder ? cost.backorderPerUnit : 0);
}

export function shipmentCost(fixedCost: number, unitCost: number, units: number): number {
  return fixedCost + unitCost * units;
}

/** Shipments' own costs plus the split penalty for every shipment after the first. */
export function planCost(shipmentCosts: readonly number[], splitPenalty: number): number {
  let sum = 0;
  for (const c of shipmentCosts) sum += c;
  return sum + splitPenalty * Math.max(0, shipmentCosts.length - 1);
}
