import { buildSchemaFor } from '@stockgraph/shared/graphql/subgraphSchema';
import { startSubgraph } from '@stockgraph/shared/http/startSubgraph';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import { createContext, type UnificationDeps } from './context';
import { resolvers } from './resolvers';

export const unificationSchema = () => buildSchemaFor('unification', resolvers);

export function startUnificationSubgraph(deps: UnificationDeps, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  return startSubgraph({
    name: 'unification',
    schema: unificationSchema(),
    context: () => createContext(deps),
    logger: deps.logger,
    port: opts.port,
    host: opts.host,
  });
}
