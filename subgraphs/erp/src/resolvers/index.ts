import type { Resolvers } from '../generated/resolvers';
import { DateScalar, DateTimeScalar } from '@stockgraph/shared/graphql';
import { Sku } from './Sku';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Date: DateScalar, Sku };
