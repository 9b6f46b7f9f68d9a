import type { Resolvers } from '../generated/resolvers';
import { DateTimeScalar } from '@stockgraph/shared/graphql';
import type { WmsContext } from '../context';

type Ref = { id: string };

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Sku: {
    __resolveReference: (ref: Ref) => ({ id: ref.id }),
    packSize: async (s: Ref, _: unknown, ctx: WmsContext) => {
      await ctx.registry.refresh();
      return ctx.registry.sku(s.id)?.packSize ?? null;
    },
    inbound: (s: Ref, _: unknown, ctx: WmsContext) =>
      (ctx.inbound.bySku.get(s.id) ?? []).map((l) => ({ asn: l.asn, location: { id: l.locationId }, expectedAt: l.expectedAt, quantity: l.quantity })),
  },
  Location: {
    __resolveReference: (ref: Ref) => ({ id: ref.id }),
    wmsSite: async (l: Ref, _: unknown, ctx: WmsContext) => {
      await ctx.registry.refresh();
      return ctx.registry.locationCode(l.id, 'WMS') ?? null;
    },
  },
};
