import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';
import type { ConfirmInput } from '../../orders/FulfilmentService';

export const confirmFulfillment = (_: unknown, { input }: { input: ConfirmInput }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'orders:write');
  return ctx.fulfilments.confirm(input);
};

export const readyForPickup = (_: unknown, { input }: { input: { shipmentId: string; idempotencyKey?: string | null } }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'orders:write');
  return ctx.fulfilments.ready(input);
};
