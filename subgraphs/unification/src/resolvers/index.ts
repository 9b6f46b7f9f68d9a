import type { Resolvers } from '../generated/resolvers';
import { DateTimeScalar } from '@stockgraph/shared/graphql/scalars';
import { Query } from './Query';
import { Mutation } from './Mutation';
import { Sku } from './Sku';
import { Location } from './Location';
import { StockPosition } from './StockPosition';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Sku,
  Location,
  StockPosition,
};
