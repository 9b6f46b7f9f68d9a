import type { Reservation } from '@stockgraph/shared';
import { requireScope, type Identity } from '@stockgraph/shared/auth';
import type { OmsContext } from '../../context';

/**
 * A client bound to a channel (a storefront) may release its channel's cart holds only; the holds
 * of routed orders belong to order management (a client with no channel).
 */
export const mayRelease = (identity: Identity) => (r: Reservation) =>
  identity.channel === null || (r.channel === identity.channel && r.holdId.startsWith('H-'));

export const releaseReservation = (_: unknown, { id }: { id: string }, ctx: OmsContext) => {
  requireScope(ctx.identity, 'holds:write');
  return ctx.holds.release(id, mayRelease(ctx.identity));
};
