import { badUserInput, type Channel } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { PlanningContext } from '../context';
import { inventoryKpis as computeKpis } from '../engine/inventoryKpis';
import { gatherKpiFacts } from '../plan/gatherKpiFacts';
import { todayOf, toEpochDay } from './dayArgs';

/** longest period asked for at once: the history window */
const MAX_PERIOD_DAYS = 366;

export async function inventoryKpis(_: unknown, args: { from: string; to: string; channel?: Channel | null }, ctx: PlanningContext) {
  requireScope(ctx.identity, 'planning:read');
  const fromDay = toEpochDay(args.from);
  const toDay = toEpochDay(args.to);
  if (toDay < fromDay) throw badUserInput('to must not be before from', { field: 'to' });
  if (toDay - fromDay + 1 > MAX_PERIOD_DAYS) throw badUserInput(`the period may span at most ${MAX_PERIOD_DAYS} days`, { field: 'to' });
  await ctx.registry.refresh();
  return computeKpis(await gatherKpiFacts(ctx, fromDay, toDay, todayOf(ctx), args.channel ?? null));
}
