import { badUserInput, type Channel } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { arrivalProbability } from '../engine/planNetwork';
import { promotionRisk as computeRisk } from '../engine/promotionRisk';
import { channelAvailableUnits, channelForecast, channelLocationIds, channelShare } from '../plan/channelDemand';
import { DEFAULT_SUPPLIER_LEAD_TIME_DAYS, DEFAULT_SUPPLIER_TRUST } from '../plan/planPositions';
import { todayOf, toEpochDay } from './dayArgs';

const MAX_DAYS = 120;

/** Demand over the promotion, the channel's units available in time, and the chance of running out (README). */
export async function promotionRisk(_: unknown, args: { sku: string; channel: Channel; from: string; to: string; upliftPct: number }, ctx: PlanningContext) {
  requireScope(ctx.identity, 'planning:read');
  const today = todayOf(ctx);
  const from = toEpochDay(args.from);
  const to = toEpochDay(args.to);
  if (from <= today) throw badUserInput('from must be after today', { field: 'from' });
  if (to < from || to - from + 1 > MAX_DAYS) throw badUserInput(`to must be on or after from, at most ${MAX_DAYS} days`, { field: 'to' });
  if (!(Number.isFinite(args.upliftPct) && args.upliftPct >= -100 && args.upliftPct <= 1000)) throw badUserInput('upliftPct must be between -100 and 1000', { field: 'upliftPct' });
  await ctx.registry.refresh();
  const rec = ctx.registry.sku(args.sku);
  if (!rec) throw badUserInput(`Unknown SKU: ${args.sku.slice(0, 64)}`, { field: 'sku' });
  const locations = channelLocationIds(ctx, args.channel);
  const [positions] = await ctx.ledger.getPositionsForSkus([args.sku]);
  const share = channelShare(ctx, args.channel, today);
  const days = to - from + 1;
  const f = channelForecast(ctx, args.sku, locations, today, from - today - 1, days, share);
  const onHand = channelAvailableUnits(ctx, args.channel, positions, locations);
  const terms = ctx.supply.supplier(rec.vendor?.id ?? '');
  const supplier = { id: rec.vendor?.id ?? '', leadTimeDays: rec.leadTimeDays ?? DEFAULT_SUPPLIER_LEAD_TIME_DAYS, leadTimeSdDays: rec.leadTimeSdDays ?? 0, trust: terms?.trust ?? DEFAULT_SUPPLIER_TRUST };
  const ids = new Set(locations);
  const incoming = ctx.supply.openLines(args.sku).filter((l) => ids.has(l.locationId)).map((l) => ({
    quantity: l.quantity * ctx.policies[args.channel].share,
    trust: supplier.trust,
    // it must be there before the promotion's last day to sell in it
    arrivalProbability: arrivalProbability(Math.floor(l.orderedAt / 86_400_000), to - 1, supplier),
  }));
  const r = computeRisk({ dailyMean: f.mean, dailySd: f.sd, upliftPct: args.upliftPct, onHand, incoming });
  return {
    ...r,
    days,
    explanation: `${days} days × forecast ${(r.expectedDemand / days / (1 + args.upliftPct / 100)).toFixed(2)}/day in ${args.channel} (${Math.round(share * 100)}% of recent demand) × ${(1 + args.upliftPct / 100).toFixed(2)} uplift = ${r.expectedDemand.toFixed(1)} (σ ${r.sdDemand.toFixed(1)}); ${r.onHandUnits} free in the channel's ${locations.length} locations + ${r.incomingUnits.toFixed(1)} incoming counted by supplier trust ${supplier.trust} and chance of arriving by ${args.to}`,
  };
}
