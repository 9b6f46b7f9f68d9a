import type { Position } from '@stockgraph/shared';
import { isStaleAt } from '@stockgraph/shared/availability';
import type { UnificationContext } from './context';

export async function isPositionStale(ctx: UnificationContext, p: Position): Promise<boolean> {
  return isStaleAt({ reconcilePolicy: ctx.reconcilePolicy, location: (id) => ctx.registry.location(id) }, await ctx.downSystems(), p.locationId);
}

export async function positionAt(ctx: UnificationContext, sku: string, locationId: string): Promise<Position | null> {
  const all = await ctx.positionLoader.load(sku);
  const i = all.indexOf(locationId);
  return i < 0 ? null : all.position(i);
}
