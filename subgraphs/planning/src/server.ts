import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import type { PlanningContext, PlanningDeps } from './context';
import { resolvers } from './resolvers';

export function startPlanningSubgraph(deps: PlanningDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'planning', schema: buildSchemaFor('planning', resolvers), context: (identity): PlanningContext => ({ ...deps, identity }), logger: deps.logger, ...opts });
}
