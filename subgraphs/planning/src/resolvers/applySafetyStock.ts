import { badUserInput } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { planPositions } from '../plan/planPositions';
import { requireLocation, todayOf } from './dayArgs';

const MAX_SKUS = 1000;

/**
 * Computes the plan of the SKUs at the location and writes its safety stock to the ledger, where
 * it lowers availableToSell on every channel at once. planning:read is not enough: this changes
 * what every storefront can sell, so it needs orders:write (README).
 */
export async function applySafetyStock(_: unknown, args: { locationId: string; skus?: string[] | null }, ctx: PlanningContext) {
  requireScope(ctx.identity, 'orders:write');
  await requireLocation(ctx, args.locationId);
  if (args.skus && args.skus.length > MAX_SKUS) throw badUserInput(`at most ${MAX_SKUS} SKUs at once`, { field: 'skus' });
  const asked = args.skus ? [...new Set(args.skus)] : ctx.registry.skuIds();
  const known = asked.filter((id) => ctx.registry.sku(id));
  const plans = await planPositions(ctx, args.locationId, known, todayOf(ctx));
  const now = ctx.now();
  const written = [];
  for (const p of plans) {
    const safetyStock = Math.ceil(p.plan.safetyStock);
    await ctx.ledger.setSafetyStock({ sku: p.sku, locationId: args.locationId }, safetyStock, now, ctx.identity.clientId);
    written.push({ sku: { id: p.sku }, safetyStock, reorderPoint: Math.ceil(p.plan.reorderPoint) });
  }
  const done = new Set(plans.map((p) => p.sku));
  ctx.logger.info({ location: args.locationId, written: written.length, by: ctx.identity.clientId }, 'safety stock applied');
  return { locationId: args.locationId, written, skipped: args.skus ? asked.filter((id) => !done.has(id)) : [] };
}
