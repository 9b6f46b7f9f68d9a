import { buildSchemaFor } from '@stockgraph/shared/graphql';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http';
import type { RunningServer } from '@stockgraph/shared/http';
import type { PlanningContext, PlanningDeps } from './context';
import { resolvers } from './resolvers';

export function startPlanningSubgraph(deps: PlanningDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'planning', schema: buildSchemaFor('planning', resolvers), context: (identity): PlanningContext => ({ ...deps, identity }), logger: deps.logger, ...opts });
}
