import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import { createWmsContext, type WmsDeps } from './context';
import { resolvers } from './resolvers';

export function startWmsSubgraph(deps: WmsDeps, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return startSubgraph({ name: 'wms', schema: buildSchemaFor('wms', resolvers), context: () => createWmsContext(deps), logger: deps.logger, ...opts });
}
