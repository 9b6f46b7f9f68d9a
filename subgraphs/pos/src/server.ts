import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import type { PosDeps } from './context';
import type { PosFeed } from './feed/PosFeed';
import { resolvers } from './resolvers';

export const POS_WEBHOOK_PATH = '/webhooks/pos';

export function startPosSubgraph(deps: PosDeps & { feed: PosFeed }, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return startSubgraph({
    name: 'pos', schema: buildSchemaFor('pos', resolvers), context: () => deps, logger: deps.logger,
    routes: { [`POST ${POS_WEBHOOK_PATH}`]: deps.feed.webhookRoute() }, ...opts,
  });
}
