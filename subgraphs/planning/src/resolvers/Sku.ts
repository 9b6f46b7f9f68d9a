import type { Channel } from '@stockgraph/shared';
import { canSeeSku, requireChannel, requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { channelAvailableUnits, channelLocationIds } from '../plan/channelDemand';
import { forecastPosition } from '../plan/forecastPosition';
import { planPositions } from '../plan/planPositions';
import { fromEpochDay, requireDays, requireLocation, todayOf } from './dayArgs';

type Ref = { id: string };
const score = (s: { mase: number; wape: number; bias: number }) => ({
  mase: Number.isFinite(s.mase) ? s.mase : null, wape: Number.isFinite(s.wape) ? s.wape : null, bias: Number.isFinite(s.bias) ? s.bias : null,
});

export const Sku = {
  __resolveReference: (ref: Ref) => ({ id: ref.id }),

  /**
   * Daily forecast distribution from tomorrow (UTC) on. Every known SKU at a known location gets
   * one: without history or demand there, zeros and a reason. null only for an unknown SKU.
   */
  forecast: async (s: Ref, args: { locationId: string; horizonDays: number }, ctx: PlanningContext) => {
    requireScope(ctx.identity, 'planning:read');
    requireDays(args.horizonDays, 'horizonDays');
    await requireLocation(ctx, args.locationId);
    if (!ctx.registry.sku(s.id)) return null;
    const today = todayOf(ctx);
    const f = forecastPosition(ctx.history, s.id, args.locationId, today, args.horizonDays, ctx.quantileLevels);
    const at = (level: number) => f.quantiles[f.levels.indexOf(level)];
    const [lo, mid, hi] = [at(0.1), at(0.5), at(0.9)];
    return {
      method: f.method,
      reason: f.reason,
      points: Array.from(mid, (quantity, h) => ({
        date: fromEpochDay(today + 1 + h), quantity, lower: lo[h], upper: hi[h], mean: f.mean[h],
        quantiles: f.levels.map((level, k) => ({ level, quantity: f.quantiles[k][h] })),
      })),
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
      inventoryClass: p.inventoryClass,
      serviceTarget: p.target.kind,
      serviceLevel: p.target.value,
      supplierTrust: p.supplierTrust,
      explanation: p.explanation,
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

  /** the storefront's low-stock flag: the channel's network figure at or below its policy's threshold */
  lowStockBadge: async (s: Ref, args: { channel: Channel }, ctx: PlanningContext) => {
    requireChannel(ctx.identity, args.channel);
    await ctx.registry.refresh();
    if (!ctx.registry.sku(s.id) || !canSeeSku(ctx.identity, s.id)) return null;
    const [positions] = await ctx.ledger.getPositionsForSkus([s.id]);
    const availableToSell = channelAvailableUnits(ctx, args.channel, positions, channelLocationIds(ctx, args.channel));
    const threshold = ctx.policies[args.channel].lowStockThreshold;
    return { show: threshold > 0 && availableToSell > 0 && availableToSell <= threshold, threshold, availableToSell };
  },
};
