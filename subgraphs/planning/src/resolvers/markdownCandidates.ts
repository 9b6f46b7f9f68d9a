import { badUserInput, type Channel } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { FITTED_PRICE_ELASTICITY, suggestMarkdown } from '../engine/markdown';
import { channelAvailableUnits, channelForecast, channelLocationIds, channelShare } from '../plan/channelDemand';
import { fromEpochDay, todayOf, toEpochDay } from './dayArgs';

const MAX_FIRST = 200;

/** the last day of the current calendar quarter */
function quarterEnd(today: number): number {
  const d = new Date(today * 86_400_000);
  return Math.round(Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3, 0) / 86_400_000);
}

/** SKUs whose cover outlasts the season in the channel, with the markdown the fitted price response suggests (README). */
export async function markdownCandidates(_: unknown, args: { channel: Channel; first: number; seasonEnd?: string | null }, ctx: PlanningContext) {
  requireScope(ctx.identity, 'planning:read');
  if (!(Number.isInteger(args.first) && args.first >= 1 && args.first <= MAX_FIRST)) throw badUserInput(`first must be 1 to ${MAX_FIRST}`, { field: 'first' });
  const today = todayOf(ctx);
  const seasonEnd = args.seasonEnd ? toEpochDay(args.seasonEnd) : quarterEnd(today);
  if (seasonEnd <= today || seasonEnd - today > 366) throw badUserInput('seasonEnd must be within a year after today', { field: 'seasonEnd' });
  await ctx.registry.refresh();
  const skus = ctx.registry.skuIds();
  const locations = channelLocationIds(ctx, args.channel);
  const positions = skus.length ? await ctx.ledger.getPositionsForSkus(skus) : [];
  const share = channelShare(ctx, args.channel, today);
  const days = seasonEnd - today;
  const out = [];
  for (let i = 0; i < skus.length; i++) {
    const units = channelAvailableUnits(ctx, args.channel, positions[i], locations);
    if (units <= 0) continue;
    const f = channelForecast(ctx, skus[i], locations, today, 0, Math.min(days, 91), share);
    const daily = f.mean.reduce((a, b) => a + b, 0) / f.mean.length;
    const s = suggestMarkdown({ units, dailyDemand: daily, daysToSeasonEnd: days });
    if (!s.overstocked) continue;
    const leftover = units * (1 - s.expectedSellThrough);
    out.push({
      urgency: leftover * (ctx.registry.sku(skus[i])?.price ?? 1),
      sku: { id: skus[i] }, channel: args.channel, availableUnits: units, weeklyDemand: daily * 7, weeksOfCover: s.weeksOfCover,
      seasonEnd: fromEpochDay(seasonEnd), expectedSellThrough: s.expectedSellThrough, sellThroughAfterMarkdown: s.sellThroughAfterMarkdown,
      suggestedMarkdownPct: Math.round(s.markdown * 100), priceElasticity: FITTED_PRICE_ELASTICITY, reason: s.reason,
    });
  }
  return out.sort((a, b) => b.urgency - a.urgency || (a.sku.id < b.sku.id ? -1 : 1)).slice(0, args.first);
}
