import { badUserInput, type Channel, type GeoPoint, type LocationType, type Position } from '@stockgraph/shared';
import type { SkuRecord } from '@stockgraph/shared/registry';
import { assertGeo, assertId, assertPageSize, assertRadius, decodeCursor, encodeCursor } from '@stockgraph/shared/validation';
import { requireChannel, requireScope } from '@stockgraph/shared/auth';
import type { UnificationContext } from '../context';
import { positionAt } from '../loaders';
import { availabilityFor } from './availability';

/** A SKU as its resolvers receive it: the registry's record, or a bare reference ({ id }) from another answer. */
export type SkuModel = Pick<SkuRecord, 'id'> & Partial<SkuRecord>;

export const Sku = {
  __resolveReference: (ref: { id: string }, ctx: UnificationContext) => ctx.skuLoader.load(ref.id),

  // the entity may arrive as a bare reference ({ id }) from another subgraph's answer
  name: async (s: SkuModel, _: unknown, ctx: UnificationContext) => (s.name ?? (await ctx.skuLoader.load(s.id))?.name ?? s.id),

  stockAt: async (s: SkuModel, args: { locationId: string; channel?: Channel | null }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    assertId(args.locationId, 'locationId');
    if (!ctx.registry.location(args.locationId)) return null;
    const p = await positionAt(ctx, s.id, args.locationId);
    // a location that holds none of the SKU has a position of zero, not no position
    return { position: p ?? { sku: s.id, locationId: args.locationId, onHand: 0, reserved: 0, safetyStock: 0, incoming: 0, asOf: ctx.registry.catalogAsOf, source: 'LEDGER' }, channel: args.channel ?? null };
  },

  stockPositions: async (s: SkuModel, { type }: { type?: LocationType | null }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    const all = await ctx.positionLoader.load(s.id);
    // only the positions asked for are built as objects
    const positions: Position[] = [];
    for (let i = 0; i < all.length; i++) {
      if (!type || ctx.registry.location(all.locationId(i))?.type === type) positions.push(all.position(i));
    }
    return positions
      .sort((a, b) => (a.locationId < b.locationId ? -1 : 1))
      .map((position) => ({ position, channel: null }));
  },

  availability: (s: SkuModel, args: { channel: Channel; near?: GeoPoint | null; radiusKm?: number | null }, ctx: UnificationContext) => {
    requireChannel(ctx.identity, args.channel);
    return availabilityFor(ctx, s.id, args.channel, assertGeo(args.near), assertRadius(args.radiusKm));
  },

  stockHistory: async (s: SkuModel, args: { locationId: string; first?: number; after?: string | null }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    const first = assertPageSize(args.first);
    const after = decodeCursor('mv', args.after);
    if (after !== null && !/^\d{1,15}$/.test(after)) throw badUserInput('after is not a valid cursor', { field: 'after' });
    const page = await ctx.ledger.history({ sku: s.id, locationId: assertId(args.locationId, 'locationId') }, first, after);
    const edges = page.movements.map((m) => ({ node: m, cursor: encodeCursor('mv', String(m.seq ?? '')) }));
    return {
      edges,
      pageInfo: { hasNextPage: page.nextCursor !== null, endCursor: page.nextCursor ? encodeCursor('mv', page.nextCursor) : null },
    };
  },
};
