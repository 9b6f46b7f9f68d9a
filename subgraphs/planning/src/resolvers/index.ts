import { DateScalar } from '@stockgraph/shared/graphql/scalars';
import { Sku } from './Sku';
import { inventoryKpis } from './inventoryKpis';
import { applySafetyStock } from './applySafetyStock';

export const resolvers = {
  Date: DateScalar,
  Sku,
  Query: { inventoryKpis },
  Mutation: { applySafetyStock },
};
