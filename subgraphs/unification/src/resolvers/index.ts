import type { Resolvers } from '../generated/resolvers';
import { DateScalar, DateTimeScalar } from '@stockgraph/shared/graphql';
import { Query } from './Query';
import { Mutation } from './Mutation';
import { Sku } from './Sku';
import { Location } from './Location';
import { StockPosition } from './StockPosition';
import { StockMovement, Transfer, TransferBookingResolvers, TransferLineResolvers } from './Transfer';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Date: DateScalar,
  Query,
  Mutation,
  Sku,
  Location,
  StockPosition,
  StockMovement,
  Transfer,
  TransferLine: TransferLineResolvers,
  TransferBooking: TransferBookingResolvers,
};
