import type { Position } from '@stockgraph/shared';
import { systemOfRecord } from '@stockgraph/shared/reconcile/SnapshotReconciler';
import type { UnificationContext } from './context';

/** A figure is stale while the system of record of its location (the reconcile policy's) cannot be reached. */
export function isStaleAt(ctx: UnificationContext, down: ReadonlySet<string>, locationId: string): boolean {
  const loc = ctx.registry.location(locationId);
  return loc !== undefined && down.has(systemOfRecord(ctx.reconcilePolicy, loc));
}

export async function isPositionStale(ctx: UnificationContext, p: Position): Promise<boolean> {
  return isStaleAt(ctx, await ctx.downSystems(), p.locationId);
}

export async function positionAt(ctx: UnificationContext, sku: string, locationId: string): Promise<Position | null> {
  const all = await ctx.positionLoader.load(sku);
  return all.find((p) => p.locationId === locationId) ?? null;
}
