import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import type { OmsDeps } from './context';
import { resolvers } from './resolvers';

export function startOmsSubgraph(deps: OmsDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'oms', schema: buildSchemaFor('oms', resolvers), context: (identity) => ({ ...deps, identity }), logger: deps.logger, ...opts });
}
