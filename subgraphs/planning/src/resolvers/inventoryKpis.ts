import { badUserInput, type Channel } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { inventoryKpis as computeKpis } from '../engine/inventoryKpis';
import { gatherKpiFacts } from '../plan/gatherKpiFacts';
import { fromEpochDay, todayOf, toEpochDay } from './dayArgs';

/** longest period asked for at once: the history window */
const MAX_PERIOD_DAYS = 366;
const MAX_BUCKETS = 120;

function period(args: { from: string; to: string }): [number, number] {
  const fromDay = toEpochDay(args.from);
  const toDay = toEpochDay(args.to);
  if (toDay < fromDay) throw badUserInput('to must not be before from', { field: 'to' });
  if (toDay - fromDay + 1 > MAX_PERIOD_DAYS) throw badUserInput(`the period may span at most ${MAX_PERIOD_DAYS} days`, { field: 'to' });
  return [fromDay, toDay];
}

export async function inventoryKpis(_: unknown, args: { from: string; to: string; channel?: Channel | null }, ctx: PlanningContext) {
  requireScope(ctx.identity, 'planning:read');
  const [fromDay, toDay] = period(args);
  await ctx.registry.refresh();
  return computeKpis(await gatherKpiFacts(ctx, fromDay, toDay, todayOf(ctx), args.channel ?? null));
}

/** The same KPIs per bucket of `bucketDays`, oldest first; the last bucket may be shorter. */
export async function inventoryKpiSeries(_: unknown, args: { from: string; to: string; channel?: Channel | null; bucketDays?: number | null }, ctx: PlanningContext) {
  requireScope(ctx.identity, 'planning:read');
  const [fromDay, toDay] = period(args);
  const bucket = args.bucketDays ?? 7;
  if (!(Number.isInteger(bucket) && bucket >= 1 && bucket <= MAX_PERIOD_DAYS)) throw badUserInput(`bucketDays must be 1 to ${MAX_PERIOD_DAYS}`, { field: 'bucketDays' });
  if (Math.ceil((toDay - fromDay + 1) / bucket) > MAX_BUCKETS) throw badUserInput(`at most ${MAX_BUCKETS} buckets`, { field: 'bucketDays' });
  await ctx.registry.refresh();
  const today = todayOf(ctx);
  const out = [];
  for (let start = fromDay; start <= toDay; start += bucket) {
    const end = Math.min(toDay, start + bucket - 1);
    const facts = await gatherKpiFacts(ctx, start, end, today, args.channel ?? null);
    out.push({ from: fromEpochDay(start), to: fromEpochDay(end), unitsSold: facts.unitsSold, unitsReceived: facts.unitsReceived, ...computeKpis(facts) });
  }
  return out;
}
