import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';
import type { CancelOrderInput } from '../../orders/CancelService';

export const cancelOrder = (_: unknown, { input }: { input: CancelOrderInput }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'orders:write');
  return ctx.cancels.cancel(input, ctx.identity.clientId);
};
