import { buildSchemaFor } from '@stockgraph/shared/graphql';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http';
import type { RunningServer } from '@stockgraph/shared/http';
import type { PosDeps } from './context';
import type { PosFeed } from './feed/PosFeed';
import { resolvers } from './resolvers';

export const POS_WEBHOOK_PATH = '/webhooks/pos';

export function startPosSubgraph(deps: PosDeps & { feed: PosFeed }, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({
    name: 'pos', schema: buildSchemaFor('pos', resolvers), context: (identity) => ({ ...deps, identity }), logger: deps.logger,
    routes: { [`POST ${POS_WEBHOOK_PATH}`]: deps.feed.webhookRoute() }, ...opts,
  });
}
