import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { forecastSeries } from '../engine/forecastSeries';
import { planPositions } from '../plan/planPositions';
import { fromEpochDay, requireDays, requireLocation, todayOf } from './dayArgs';

type Ref = { id: string };
const score = (s: { mase: number; wape: number; bias: number }) => ({
  mase: Number.isFinite(s.mase) ? s.mase : null, wape: Number.isFinite(s.wape) ? s.wape : null, bias: Number.isFinite(s.bias) ? s.bias : null,
});

export const Sku = {
  __resolveReference: (ref: Ref) => ({ id: ref.id }),

  /** Daily forecast from tomorrow (UTC) on; null when the SKU has no demand history there. */
  forecast: async (s: Ref, args: { locationId: string; horizonDays: number }, ctx: PlanningContext) => {
    requireScope(ctx.identity, 'planning:read');
    requireDays(args.horizonDays, 'horizonDays');
    await requireLocation(ctx, args.locationId);
    const today = todayOf(ctx);
    const x = ctx.history.series(s.id, args.locationId, today, ctx.history.capacityDays);
    if (!x.some((v) => v !== 0)) return null;
    const f = forecastSeries(x, args.horizonDays);
    return {
      method: f.method,
      points: f.points.map((p, i) => {
        const quantity = Math.max(0, p.quantity);
        return { date: fromEpochDay(today + 1 + i), quantity, lower: Math.min(quantity, Math.max(0, p.lower)), upper: Math.max(quantity, p.upper) };
      }),
      backtest: score(f.backtest),
      baseline: score(f.baseline),
    };
  },

  replenishment: async (s: Ref, args: { locationId: string }, ctx: PlanningContext) => {
    requireScope(ctx.identity, 'planning:read');
    await requireLocation(ctx, args.locationId);
    const [p] = await planPositions(ctx, args.locationId, [s.id], todayOf(ctx));
    if (!p) return null;
    return {
      safetyStock: Math.ceil(p.plan.safetyStock),
      reorderPoint: Math.ceil(p.plan.reorderPoint),
      orderQuantity: Math.ceil(p.plan.orderQuantity),
      leadTimeDays: p.plan.leadTimeDays,
      onHand: p.position?.onHand ?? null,
      incoming: p.position?.incoming ?? null,
      action: p.action,
      source: p.source,
    };
  },

  demandHistory: async (s: Ref, args: { locationId: string; days: number }, ctx: PlanningContext) => {
    requireScope(ctx.identity, 'planning:read');
    requireDays(args.days, 'days');
    await requireLocation(ctx, args.locationId);
    const today = todayOf(ctx);
    const quantities = Array.from(ctx.history.series(s.id, args.locationId, today, args.days));
    return { endDate: fromEpochDay(today), quantities, total: quantities.reduce((a, b) => a + b, 0) };
  },
};
