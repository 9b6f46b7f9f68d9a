import type { Resolvers } from '../generated/resolvers';
import { DateTimeScalar } from '@stockgraph/shared/graphql/scalars';
import { Sku } from './Sku';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Sku };
