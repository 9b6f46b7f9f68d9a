import type { Location as LocationModel } from '@stockgraph/shared';
import type { UnificationContext } from '../context';

export const Location = {
  __resolveReference: async (ref: { id: string }, ctx: UnificationContext) => {
    await ctx.registry.refresh();
    return ctx.registry.location(ref.id) ?? null;
  },
  dailyCapacity: (l: LocationModel) => (l.type === 'STORE' ? l.dailyCapacity : null),
};
