import type { Resolvers } from '../generated/resolvers';
import { DateScalar } from '@stockgraph/shared/graphql';
import { Sku } from './Sku';
import { inventoryKpis, inventoryKpiSeries } from './inventoryKpis';
import { applySafetyStock } from './applySafetyStock';
import { markdownCandidates } from './markdownCandidates';
import { promotionRisk } from './promotionRisk';
import { replenishmentPlan } from './replenishmentPlan';

export const resolvers: Resolvers = {
  Date: DateScalar,
  Sku,
  Query: { inventoryKpis, inventoryKpiSeries, promotionRisk, markdownCandidates, replenishmentPlan },
  Mutation: { applySafetyStock },
};
