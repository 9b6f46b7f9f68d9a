import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';

export const confirmFulfillment = (_: unknown, { input }: { input: { shipmentId: string; idempotencyKey?: string | null } }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'orders:write');
  return ctx.fulfilments.confirm(input);
};
