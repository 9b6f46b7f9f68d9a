import { DateScalar, DateTimeScalar } from '@stockgraph/shared/graphql/scalars';
import { Sku } from './Sku';

export const resolvers = { DateTime: DateTimeScalar, Date: DateScalar, Sku };
