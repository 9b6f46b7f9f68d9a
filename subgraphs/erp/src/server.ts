import { buildSchemaFor } from '@stockgraph/shared/graphql';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http';
import type { RunningServer } from '@stockgraph/shared/http';
import { createErpContext, type ErpDeps } from './context';
import { resolvers } from './resolvers';

export function startErpSubgraph(deps: ErpDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'erp', schema: buildSchemaFor('erp', resolvers), context: (identity) => createErpContext(deps, identity), logger: deps.logger, ...opts });
}
