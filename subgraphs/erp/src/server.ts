import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import { createErpContext, type ErpDeps } from './context';
import { resolvers } from './resolvers';

export function startErpSubgraph(deps: ErpDeps, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return startSubgraph({ name: 'erp', schema: buildSchemaFor('erp', resolvers), context: () => createErpContext(deps), logger: deps.logger, ...opts });
}
