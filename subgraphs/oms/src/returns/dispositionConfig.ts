import { z } from 'zod';
import { ConfigError } from '@stockgraph/shared';
import { DISPOSITIONS, ITEM_CONDITIONS } from './returnTypes';

const rate = z.number().finite().min(0).max(1);
const money = z.number().finite().min(0);
const dispositionEnum = z.enum(DISPOSITIONS);
const conditionEnum = z.enum(ITEM_CONDITIONS);

const handlingShape = {
  RESTOCK: money, REFURBISH: money, LIQUIDATE: money, DESTROY: money, RETURN_TO_VENDOR: money,
};
const refurbishSuccessShape = { OPENED: rate, DAMAGED: rate, DEFECTIVE: rate };
const seasonalityShape = { graceDays: z.number().int().min(0), dailyDecay: rate, floor: rate };

/** What may be resold of an OPENED unit: as new at full price, as open-box, or not at all. */
export const OPENED_RESALE = ['AS_NEW', 'OPEN_BOX', 'NONE'] as const;
export type OpenedResale = (typeof OPENED_RESALE)[number];

export const CategoryPolicySchema = z
  .object({
    allowedDispositions: z.array(dispositionEnum).min(1),
    openedResale: z.enum(OPENED_RESALE),
    /** share of the (seasonally decayed) price an open-box unit sells for */
    openBoxRate: rate,
    /** share of the (seasonally decayed) price a refurbished unit sells for */
    refurbishRecoveryRate: rate,
    refurbishCostPerUnit: money,
    /** chance a refurbishment succeeds, by condition; a failure is liquidated (or destroyed) */
    refurbishSuccessRate: z.object(refurbishSuccessShape).strict(),
    /** share of the price a liquidator pays */
    liquidationRate: rate,
    /** per unit, by action: repack and put-away, grading, pallet building, disposal fee, RTV paperwork */
    handlingCost: z.object(handlingShape).strict(),
    /** per unit per km from the return location to where the action happens */
    transportCostPerUnitKm: money,
    /** resale value multiplier: 1 for graceDays, then down dailyDecay a day, never below floor */
    seasonality: z.object(seasonalityShape).strict(),
    /** conditions vendors of this category take back (when their terms allow returns at all) */
    rtvConditions: z.array(conditionEnum),
  })
  .strict()
  .superRefine((p, ctx) => {
    // Every unit must be able to go somewhere; destruction is the option that always exists.
    if (!p.allowedDispositions.includes('DESTROY')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['allowedDispositions'], message: 'must include DESTROY, the last resort' });
    }
  });
export type CategoryPolicy = z.infer<typeof CategoryPolicySchema>;

const CategoryOverrideSchema = z
  .object({
    allowedDispositions: z.array(dispositionEnum).min(1).optional(),
    openedResale: z.enum(OPENED_RESALE).optional(),
    openBoxRate: rate.optional(),
    refurbishRecoveryRate: rate.optional(),
    refurbishCostPerUnit: money.optional(),
    refurbishSuccessRate: z.object(refurbishSuccessShape).partial().strict().optional(),
    liquidationRate: rate.optional(),
    handlingCost: z.object(handlingShape).partial().strict().optional(),
    transportCostPerUnitKm: money.optional(),
    seasonality: z.object(seasonalityShape).partial().strict().optional(),
    rtvConditions: z.array(conditionEnum).optional(),
  })
  .strict();
export type CategoryOverride = z.infer<typeof CategoryOverrideSchema>;

export const DispositionConfigSchema = z
  .object({
    /** overrides of the built-in defaults for every category */
    default: CategoryOverrideSchema.default({}),
    /** per-category overrides on top of `default`, keyed by the ERP category (matkl), exact match */
    categories: z.record(z.string().min(1), CategoryOverrideSchema).default({}),
  })
  .strict();
export type DispositionConfigInput = z.input<typeof DispositionConfigSchema>;

/**
 * Built-in defaults. The recovery rates are the midpoints of the ranges commonly published for
 * retail returns: refurbished goods resell at 70–90% of price, open-box at 50–70%, liquidators pay
 * 5–20%. Handling and refurbishment costs are planning assumptions to tune per category.
 * Transport: a 44 t trailer costs about £1.75/km and carries ~26 pallets of ~35 parcels, so
 * ~£0.002 per unit-km; bulky categories override it.
 */
export const DEFAULT_CATEGORY_POLICY: CategoryPolicy = deepFreeze<CategoryPolicy>({
  allowedDispositions: [...DISPOSITIONS],
  openedResale: 'OPEN_BOX',
  openBoxRate: 0.6,
  refurbishRecoveryRate: 0.8,
  refurbishCostPerUnit: 6,
  refurbishSuccessRate: { OPENED: 0.95, DAMAGED: 0.75, DEFECTIVE: 0.6 },
  liquidationRate: 0.125,
  handlingCost: { RESTOCK: 1.5, REFURBISH: 2, LIQUIDATE: 0.75, DESTROY: 1.25, RETURN_TO_VENDOR: 2 },
  transportCostPerUnitKm: 0.002,
  // 30 days: the usual return window, within which an item is still in its selling season.
  seasonality: { graceDays: 30, dailyDecay: 0.002, floor: 0.5 },
  // Vendors take back faulty and resaleable goods, rarely what a customer damaged.
  rtvConditions: ['NEW', 'OPENED', 'DEFECTIVE'],
});

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') for (const v of Object.values(o)) deepFreeze(v);
  return Object.freeze(o);
}

/** Fully resolved: every category's policy complete. A Map, so no category name reaches a prototype. */
export interface DispositionConfig {
  readonly default: CategoryPolicy;
  readonly categories: ReadonlyMap<string, CategoryPolicy>;
}

function merge(base: CategoryPolicy, o: CategoryOverride): CategoryPolicy {
  return {
    ...base,
    ...stripUndefined(o),
    allowedDispositions: [...(o.allowedDispositions ?? base.allowedDispositions)],
    rtvConditions: [...(o.rtvConditions ?? base.rtvConditions)],
    refurbishSuccessRate: { ...base.refurbishSuccessRate, ...stripUndefined(o.refurbishSuccessRate ?? {}) },
    handlingCost: { ...base.handlingCost, ...stripUndefined(o.handlingCost ?? {}) },
    seasonality: { ...base.seasonality, ...stripUndefined(o.seasonality ?? {}) },
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Parses and resolves the disposition config, reporting every problem at once (a ConfigError
 * listing each path). Missing input means the built-in defaults.
 */
export function parseDispositionConfig(raw: unknown = {}): DispositionConfig {
  const parsed = DispositionConfigSchema.safeParse(raw);
  if (!parsed.success) throw configError(parsed.error.issues);
  const issues: z.ZodIssue[] = [];
  const resolve = (override: CategoryOverride, base: CategoryPolicy, path: (string | number)[]): CategoryPolicy => {
    const merged = merge(base, override);
    const checked = CategoryPolicySchema.safeParse(merged);
    if (!checked.success) issues.push(...checked.error.issues.map((i) => ({ ...i, path: [...path, ...i.path] })));
    return merged;
  };
  const def = resolve(parsed.data.default, DEFAULT_CATEGORY_POLICY, ['default']);
  const categories = new Map<string, CategoryPolicy>();
  for (const [name, override] of Object.entries(parsed.data.categories)) {
    categories.set(name, resolve(override, def, ['categories', name]));
  }
  if (issues.length) throw configError(issues);
  return { default: def, categories };
}

function configError(issues: z.ZodIssue[]): ConfigError {
  const lines = issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`).join('\n');
  return new ConfigError(`Invalid disposition config:\n${lines}`);
}

/** The policy of a category; unknown categories fall back to the default policy. */
export function policyFor(config: DispositionConfig, category: string): CategoryPolicy {
  return config.categories.get(category) ?? config.default;
}

/** Resale value multiplier for the days since the sale (seasonality). */
export function seasonalFactor(policy: Pick<CategoryPolicy, 'seasonality'>, daysSinceSale: number): number {
  const { graceDays, dailyDecay, floor } = policy.seasonality;
  const late = Math.max(0, daysSinceSale - graceDays);
  return Math.max(floor, 1 - dailyDecay * late);
}
