import type { Resolvers } from '../generated/resolvers';
import { DateScalar, DateTimeScalar } from '@stockgraph/shared/graphql';
import type { OmsContext } from '../context';
import { reserve } from './Mutation/reserve';
import { releaseReservation } from './Mutation/releaseReservation';
import { Reservation } from './Reservation';
import { routeOrder } from './Mutation/routeOrder';
import { confirmFulfillment, readyForPickup } from './Mutation/confirmFulfillment';
import { cancelOrder } from './Mutation/cancelOrder';
import { Order, Shipment } from './Shipment';
import { createReturn } from './Mutation/createReturn';
import { Rma, returnMeasures } from './Rma';
import { requireScope } from '@stockgraph/shared/auth';
import { KEY_PATTERN } from '@stockgraph/shared/validation';
import { backorders } from './backorders';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query: {
    reservation: async (_: unknown, { id }: { id: string }, ctx: OmsContext) => {
      if (!/^[\w.:{}-]{1,128}$/.test(id)) return null;
      return (await ctx.ledger.getReservations([id]).catch(() => [null]))[0] ?? null;
    },
    rma: async (_: unknown, { id }: { id: string }, ctx: OmsContext) => {
      requireScope(ctx.identity, 'orders:write');
      return ctx.returns.get(id);
    },
    returnMeasures,
    backorders,
    order: async (_: unknown, { id }: { id: string }, ctx: OmsContext) => {
      requireScope(ctx.identity, 'orders:write');
      return KEY_PATTERN.test(id) ? ctx.orders.findOrder(id, ctx.identity.clientId) : null;
    },
  },
  Mutation: { reserve, releaseReservation, routeOrder, confirmFulfillment, readyForPickup, cancelOrder, createReturn },
  Rma,
  Shipment,
  Order,
  Reservation,
};
