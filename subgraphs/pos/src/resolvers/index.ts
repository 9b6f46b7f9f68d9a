import type { Resolvers } from '../generated/resolvers';
import { DateTimeScalar } from '@stockgraph/shared/graphql';
import { badUserInput } from '@stockgraph/shared';
import { assertId } from '@stockgraph/shared/validation';
import type { PosContext } from '../context';

type Ref = { id: string };

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Sku: {
    __resolveReference: (ref: Ref) => ({ id: ref.id }),
    recentSales: async (s: Ref, args: { locationId: string; days?: number }, ctx: PosContext) => {
      const days = args.days ?? 7;
      if (!Number.isInteger(days) || days < 1 || days > 92) throw badUserInput('days must be from 1 to 92', { field: 'days' });
      return ctx.sales.recent(s.id, assertId(args.locationId, 'locationId'), days);
    },
  },
  Location: {
    __resolveReference: (ref: Ref) => ({ id: ref.id }),
    posStoreNo: async (l: Ref, _: unknown, ctx: PosContext) => {
      await ctx.registry.refresh();
      return ctx.registry.locationCode(l.id, 'POS') ?? null;
    },
  },
};
