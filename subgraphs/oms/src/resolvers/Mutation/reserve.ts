import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';
import type { HoldInput } from '../../holds/HoldService';

export const reserve = (_: unknown, { input }: { input: HoldInput }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'holds:write');
  return ctx.holds.reserve(input);
};
