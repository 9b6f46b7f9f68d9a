import { requireScope } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';

export const releaseReservation = (_: unknown, { id }: { id: string }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'holds:write');
  return ctx.holds.release(id);
};
