import type { Resolvers } from '../generated/resolvers';
import { DateScalar } from '@stockgraph/shared/graphql/scalars';
import { Sku } from './Sku';
import { inventoryKpis } from './inventoryKpis';
import { applySafetyStock } from './applySafetyStock';

export const resolvers: Resolvers = {
  Date: DateScalar,
  Sku,
  Query: { inventoryKpis },
  Mutation: { applySafetyStock },
};
