import { buildSchemaFor } from '@stockgraph/shared/graphql';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http';
import type { RunningServer } from '@stockgraph/shared/http';
import type { WmsContext, WmsDeps } from './context';
import { resolvers } from './resolvers';

export function startWmsSubgraph(deps: WmsDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({ name: 'wms', schema: buildSchemaFor('wms', resolvers), context: (identity): WmsContext => ({ ...deps, identity }), logger: deps.logger, ...opts });
}
