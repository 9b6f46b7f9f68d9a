import { buildSchemaFor } from '@stockgraph/shared/graphql';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http';
import type { RunningServer } from '@stockgraph/shared/http';
import type { OmsDeps } from './context';
import { resolvers } from './resolvers';

export function startOmsSubgraph(deps: OmsDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'oms', schema: buildSchemaFor('oms', resolvers), context: (identity) => ({ ...deps, identity }), logger: deps.logger, ...opts });
}
