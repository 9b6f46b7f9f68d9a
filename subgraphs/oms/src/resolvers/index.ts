import { DateScalar, DateTimeScalar } from '@stockgraph/shared/graphql/scalars';
import type { OmsContext } from '../context';
import { reserve } from './Mutation/reserve';
import { releaseReservation } from './Mutation/releaseReservation';
import { Reservation } from './Reservation';

export const resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query: {
    reservation: async (_: unknown, { id }: { id: string }, ctx: OmsContext) => (await ctx.ledger.getReservations([id]))[0] ?? null,
  },
  Mutation: { reserve, releaseReservation },
  Reservation,
};
