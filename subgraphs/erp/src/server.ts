import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import { createErpContext, type ErpDeps } from './context';
import { resolvers } from './resolvers';

export function startErpSubgraph(deps: ErpDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'erp', schema: buildSchemaFor('erp', resolvers), context: (identity) => createErpContext(deps, identity), logger: deps.logger, ...opts });
}
