import { badUserInput } from '@stockgraph/shared';
import type { PlanningContext } from '../context';
import { fromEpochDay, toEpochDay } from '../history/calendarDay';

export const todayOf = (ctx: PlanningContext): number => toEpochDay(new Date(ctx.now()).toISOString().slice(0, 10));

export { fromEpochDay, toEpochDay };

export async function requireLocation(ctx: PlanningContext, locationId: string, field = 'locationId'): Promise<void> {
  await ctx.registry.refresh();
  if (!ctx.registry.location(locationId)) throw badUserInput(`Unknown location: ${locationId.slice(0, 64)}`, { field });
}

export function requireDays(value: number, field: string): void {
  if (!(Number.isInteger(value) && value >= 1 && value <= 365)) throw badUserInput(`${field} must be a whole number from 1 to 365`, { field });
}
