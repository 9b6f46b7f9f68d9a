import { graphQLError } from '@stockgraph/shared';
import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';
import type { HoldInput } from '../../holds/HoldService';

export const reserve = (_: unknown, { input }: { input: HoldInput }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'holds:write');
  // a client bound to a channel holds for that channel only
  if (ctx.identity.channel !== null && input.channel !== ctx.identity.channel) {
    throw graphQLError('FORBIDDEN', `This client may hold stock for the ${ctx.identity.channel} channel only`);
  }
  return ctx.holds.reserve(input, ctx.identity.clientId);
};
