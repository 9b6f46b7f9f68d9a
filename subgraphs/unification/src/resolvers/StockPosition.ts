import { availableToSell, type Channel, type Position } from '@stockgraph/shared';
import type { UnificationContext } from '../context';
import { channelAvailable } from '@stockgraph/shared/availability';
import { isPositionStale } from '../loaders';

export interface StockPositionModel { position: Position; channel: Channel | null }

export const StockPosition = {
  sku: (m: StockPositionModel) => ({ id: m.position.sku }),
  location: (m: StockPositionModel, _: unknown, ctx: UnificationContext) => {
    // positions are loaded for registry locations only; one outside it is a field error, as null would be
    const l = ctx.registry.location(m.position.locationId);
    if (!l) throw new Error(`No location ${m.position.locationId} in the registry`);
    return l;
  },
  onHand: (m: StockPositionModel) => m.position.onHand,
  reserved: (m: StockPositionModel) => m.position.reserved,
  safetyStock: (m: StockPositionModel) => m.position.safetyStock,
  incoming: (m: StockPositionModel) => m.position.incoming,
  inTransit: (m: StockPositionModel) => m.position.inTransit ?? 0,
  availableToSell: (m: StockPositionModel, _: unknown, ctx: UnificationContext) =>
    m.channel ? channelAvailable(m.position, ctx.policies[m.channel], m.channel) : availableToSell(m.position),
  asOf: (m: StockPositionModel) => m.position.asOf,
  source: (m: StockPositionModel) => m.position.source,
  stale: (m: StockPositionModel, _: unknown, ctx: UnificationContext) => isPositionStale(ctx, m.position),
};
