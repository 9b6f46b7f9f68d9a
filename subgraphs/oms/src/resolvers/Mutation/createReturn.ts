import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';
import type { CreateReturnInput } from '../../returns/ReturnService';

export const createReturn = (_: unknown, { input }: { input: CreateReturnInput }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'orders:write');
  return ctx.returns.create(input, { clientId: ctx.identity.clientId });
};
