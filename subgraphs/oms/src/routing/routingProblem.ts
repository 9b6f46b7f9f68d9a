// The planner's internal shape: each way to serve stock (a location's on-hand stock, or its
// incoming supply for a backorder) becomes a "source" with a fixed cost per shipment, a cost per
// unit and per-line availability. Planner, baseline and MIP yardstick all read this one shape.
import type { FulfillmentMethod, LocationType } from '@stockgraph/shared';
import type { OrderLine, RejectedReason, UnassignedLine } from './routingTypes';

export interface RoutingSource {
  index: number;
  locationId: string;
  locationType: LocationType;
  method: FulfillmentMethod;
  backorder: boolean;
  /** click-and-collect store the goods move to (transfers only) */
  transferTo?: string;
  distanceKm: number;
  promiseHours: number;
  /** promise misses the channel SLA */
  late: boolean;
  /** money: per shipment + per km */
  fixedCost: number;
  /** money: per unit handled */
  unitCost: number;
  /** unitCost plus the lateness and backorder weights: what the search minimises per unit */
  unitObjective: number;
  /** units of each problem line this source can give, capped at the line's quantity */
  avail: number[];
  /** units it can pick in total, capped at what it could give */
  capacity: number;
  /** capacity is below the sum of avail: lines compete for it */
  capacityBinds: boolean;
  /** tie-break order: nearest first, then location id, stock before backorder */
  rank: number;
}

/** Why a candidate location can serve nothing, decided before the search. */
export interface LocationVerdict {
  locationId: string;
  reason?: Extract<RejectedReason, 'NOT_ELIGIBLE' | 'NO_STOCK' | 'NO_CAPACITY'>;
  detail: string;
}

export interface RoutingProblem {
  /** valid lines, one per SKU */
  lines: OrderLine[];
  /** lines' quantities, in line order */
  demand: number[];
  sources: RoutingSource[];
  splitPenalty: number;
  unassignedPenalty: number;
  latePenalty: number;
  backorderPenalty: number;
  slaHours: number | null;
  /** lines refused before routing (bad quantity, unusable method) */
  refused: UnassignedLine[];
  /** per candidate location, in input order */
  verdicts: LocationVerdict[];
  /** per line: units sitting at eligible stores that have no capacity left */
  blockedByCapacity: number[];
  now?: number;
}

export function totalDemand(problem: RoutingProblem): number {
  let d = 0;
  for (const l of problem.lines) d += l.quantity;
  return d;
}
