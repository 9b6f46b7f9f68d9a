import type { OmsContext } from '../../context';

export const releaseReservation = (_: unknown, { id }: { id: string }, ctx: OmsContext) => ctx.holds.release(id);
