// Routing policy from configuration. Defaults are a plausible UK parcel network; a deployment
// overrides any part with a deep-partial object (e.g. parsed from a JSON env var in config.ts).
import { z } from 'zod';
import { CHANNELS, FULFILLMENT_METHODS } from '@stockgraph/shared';

const money = z.number().finite().nonnegative();
const hours = z.number().finite().nonnegative();
const byLocationType = z.object({ STORE: money, DISTRIBUTION_CENTER: money }).strict();
const byMethod = z.object({ SHIP_FROM_DC: money, SHIP_FROM_STORE: money, PICKUP_IN_STORE: money }).strict();
const transitLeg = z.object({ baseHours: hours, kmPerHour: z.number().finite().positive() }).strict();

const channelPolicy = z.object({
  methods: z.array(z.enum(FULFILLMENT_METHODS)),
  /** max promise hours the plan must meet when it can; null = no SLA */
  slaHours: hours.nullable(),
  /** lines may be placed against incoming supply */
  backorder: z.boolean(),
}).strict();

export const RoutingConfigSchema = z.object({
  cost: z.object({
    perShipment: byLocationType,
    perUnit: byLocationType,
    /** per shipment per km from the location to the destination (to the pickup store for transfers) */
    perKm: byMethod,
    /** per extra shipment: fewer shipments win unless a split saves more than this */
    splitPenalty: money,
    /** handling of a unit placed against incoming supply */
    backorderPerUnit: money,
  }).strict(),
  /** transit = baseHours + km / kmPerHour; PICKUP_IN_STORE is the transfer to the pickup store */
  transit: z.object({ SHIP_FROM_DC: transitLeg, SHIP_FROM_STORE: transitLeg, PICKUP_IN_STORE: transitLeg }).strict(),
  processingHours: z.object({ STORE: hours, DISTRIBUTION_CENTER: hours }).strict(),
  backorderLeadHours: hours,
  channels: z.object(Object.fromEntries(CHANNELS.map((c) => [c, channelPolicy])) as Record<(typeof CHANNELS)[number], typeof channelPolicy>).strict(),
  /**
   * Objective weights that rank service before cost (not money, never in totalCost): serve every
   * unit you can, from stock on hand rather than incoming supply, within the SLA where possible.
   */
  penalties: z.object({
    unassignedPerUnit: z.number().positive(),
    backorderPerUnit: z.number().nonnegative(),
    latePerUnit: z.number().nonnegative(),
  }).strict(),
  search: z.object({
    /** branch-and-bound evaluations; when it finishes within them the plan is proven optimal */
    maxExactEvaluations: z.number().int().nonnegative(),
    /** local search (drop/swap/merge/add) evaluations, used only when branch-and-bound ran out */
    maxLocalSearchEvaluations: z.number().int().nonnegative(),
  }).strict(),
}).strict();

export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

const ALL_METHODS = [...FULFILLMENT_METHODS];

export const DEFAULT_ROUTING_CONFIG: RoutingConfig = {
  cost: {
    perShipment: { STORE: 5.5, DISTRIBUTION_CENTER: 4 },
    perUnit: { STORE: 1.2, DISTRIBUTION_CENTER: 0.5 },
    perKm: { SHIP_FROM_DC: 0.02, SHIP_FROM_STORE: 0.025, PICKUP_IN_STORE: 0.015 },
    splitPenalty: 3,
    backorderPerUnit: 1.5,
  },
  transit: {
    SHIP_FROM_DC: { baseHours: 18, kmPerHour: 50 },
    SHIP_FROM_STORE: { baseHours: 18, kmPerHour: 50 },
    PICKUP_IN_STORE: { baseHours: 12, kmPerHour: 60 },
  },
  processingHours: { STORE: 4, DISTRIBUTION_CENTER: 12 },
  backorderLeadHours: 120,
  channels: {
    DTC: { methods: ALL_METHODS, slaHours: 48, backorder: false },
    RETAIL: { methods: ALL_METHODS, slaHours: null, backorder: false },
    WHOLESALE: { methods: ['SHIP_FROM_DC'], slaHours: null, backorder: true },
    MARKETPLACE: { methods: ['SHIP_FROM_DC', 'SHIP_FROM_STORE'], slaHours: 48, backorder: false },
  },
  penalties: { unassignedPerUnit: 1e6, backorderPerUnit: 1e4, latePerUnit: 1e3 },
  search: { maxExactEvaluations: 2500, maxLocalSearchEvaluations: 1500 },
};

export type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Arrays and scalars replace, objects merge: overriding one channel's SLA keeps its other fields.
function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
  return out;
}

/** Defaults overlaid with `overrides`; throws a ZodError listing every problem at once. */
export function parseRoutingConfig(overrides: unknown = {}): RoutingConfig {
  return RoutingConfigSchema.parse(deepMerge(DEFAULT_ROUTING_CONFIG, overrides));
}
