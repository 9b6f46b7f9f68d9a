import type { Channel, GeoPoint, LocationType, SourceSystem } from '@stockgraph/shared';
import { assertGeo, assertId, assertIds, assertPageSize, assertRadius, decodeCursor, encodeCursor } from '@stockgraph/shared/validation';
import { canSeeSku, requireChannel, requireScope } from '@stockgraph/shared/auth';
import type { UnificationContext } from '../context';
import { availabilityFor } from './availability';
import { discrepancyModel } from './Discrepancy';
import { transferQueries } from './Transfer';

/** An associate may type an ERP material number without its zero padding. */
function normaliseLocalCode(system: SourceSystem, code: string): string {
  const trimmed = code.trim();
  if (system === 'ERP' && /^\d{1,18}$/.test(trimmed)) return trimmed.padStart(18, '0');
  return trimmed;
}

export const Query = {
  ...transferQueries,
  sku: (_: unknown, { id }: { id: string }, ctx: UnificationContext) => ctx.skuLoader.load(assertId(id, 'id')),

  skus: async (_: unknown, args: { first?: number; after?: string | null }, ctx: UnificationContext) => {
    const first = assertPageSize(args.first);
    const after = decodeCursor('sku', args.after);
    await ctx.registry.refresh();
    const all = ctx.registry.skuIds();
    const ids = ctx.identity.assortment === null ? all : all.filter((id) => canSeeSku(ctx.identity, id));
    let start = 0;
    if (after !== null) {
      // ids are sorted: the first id greater than the cursor
      let lo = 0;
      let hi = ids.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (ids[mid] <= after) lo = mid + 1; else hi = mid; }
      start = lo;
    }
    const page = ids.slice(start, start + first);
    return {
      edges: page.map((id) => ({ node: ctx.registry.sku(id) ?? { id }, cursor: encodeCursor('sku', id) })),
      pageInfo: { hasNextPage: start + first < ids.length, endCursor: page.length ? encodeCursor('sku', page[page.length - 1]) : null },
      totalCount: ids.length,
    };
  },

  skuByLocalCode: async (_: unknown, { system, code }: { system: SourceSystem; code: string }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    if (code.length > 64) return null;
    await ctx.registry.refresh();
    const id = ctx.registry.resolveSku(system, normaliseLocalCode(system, code));
    return id ? ctx.skuLoader.load(id) : null;
  },

  location: async (_: unknown, { id }: { id: string }, ctx: UnificationContext) => {
    await ctx.registry.refresh();
    return ctx.registry.location(assertId(id, 'id')) ?? null;
  },

  locations: async (_: unknown, { type }: { type?: LocationType | null }, ctx: UnificationContext) => {
    await ctx.registry.refresh();
    return ctx.registry.allLocations().filter((l) => !type || l.type === type);
  },

  availability: async (
    _: unknown,
    args: { skus: string[]; channel: Channel; near?: GeoPoint | null; radiusKm?: number | null },
    ctx: UnificationContext,
  ) => {
    assertIds(args.skus, 'skus');
    requireChannel(ctx.identity, args.channel);
    const near = assertGeo(args.near);
    const radiusKm = assertRadius(args.radiusKm);
    const records = await ctx.skuLoader.loadMany(args.skus);
    return Promise.all(
      records.map((rec) => (rec && !(rec instanceof Error) ? availabilityFor(ctx, rec.id, args.channel, near, radiusKm) : null)),
    );
  },

  unmappedCodes: async (_: unknown, { system }: { system?: SourceSystem | null }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    await ctx.registry.refresh();
    const seen = await ctx.registry.seenUnmapped();
    const all = new Map([...ctx.registry.unmappedCodes(), ...seen].map((u) => [`${u.system}:${u.code}`, u]));
    return [...all.values()].filter((u) => !system || u.system === system).sort((a, b) => (`${a.system}:${a.code}` < `${b.system}:${b.code}` ? -1 : 1));
  },

  codeConflicts: async (_: unknown, __: unknown, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    await ctx.registry.refresh();
    return ctx.registry.codeConflicts().map((c) => ({ system: c.system, code: c.code, skus: c.skuIds.map((id) => ({ id })) }));
  },

  stockDiscrepancies: async (_: unknown, { first, includeResolved }: { first?: number; includeResolved?: boolean | null }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    return (await ctx.discrepancies.list({ first: assertPageSize(first, 50), includeResolved: includeResolved ?? false })).flatMap((d) => discrepancyModel(d, ctx.registry) ?? []);
  },

  stockDiscrepancy: async (_: unknown, { id }: { id: string }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'stock:read');
    const d = await ctx.discrepancies.get(assertId(id, 'id'));
    return d && discrepancyModel(d, ctx.registry);
  },
};
