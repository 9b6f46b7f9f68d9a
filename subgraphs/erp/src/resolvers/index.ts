import { DateTimeScalar } from '@stockgraph/shared/graphql/scalars';
import { Sku } from './Sku';

export const resolvers = { DateTime: DateTimeScalar, Sku };
