import type { Location, Position } from '@stockgraph/shared';
import type { UnificationContext } from './context';

/** The system whose stock a location's figure comes from: the WMS for DCs, the POS for stores. */
export function stockSourceOf(loc: Location | undefined): 'WMS' | 'POS' {
  return loc?.type === 'DISTRIBUTION_CENTER' ? 'WMS' : 'POS';
}

export async function isPositionStale(ctx: UnificationContext, p: Position): Promise<boolean> {
  const down = await ctx.downSystems;
  return down.has(stockSourceOf(ctx.registry.location(p.locationId)));
}

export async function positionAt(ctx: UnificationContext, sku: string, locationId: string): Promise<Position | null> {
  const all = await ctx.positionLoader.load(sku);
  return all.find((p) => p.locationId === locationId) ?? null;
}
