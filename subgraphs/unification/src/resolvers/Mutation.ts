import { requireScope } from '@stockgraph/shared/auth';
import { assertId } from '@stockgraph/shared/validation';
import type { UnificationContext } from '../context';
import { discrepancyModel } from './Discrepancy';
import { transferMutations } from './Transfer';

export const Mutation = {
  ...transferMutations,
  // an operations action (the operations client's writes need orders:write, as routing and returns do)
  requestCycleCount: async (_: unknown, { discrepancyId }: { discrepancyId: string }, ctx: UnificationContext) => {
    requireScope(ctx.identity, 'orders:write');
    const r = await ctx.counts.request(assertId(discrepancyId, 'discrepancyId'));
    return { discrepancy: r.discrepancy && discrepancyModel(r.discrepancy, ctx.registry), userErrors: r.userErrors };
  },
};
