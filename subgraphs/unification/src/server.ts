import { buildSchemaFor } from '@stockgraph/shared/graphql';
import { startSubgraph, type SubgraphListenOptions } from '@stockgraph/shared/http';
import type { RunningServer } from '@stockgraph/shared/http';
import { READ_THROUGH_HEADER } from '@stockgraph/shared/auth';
import { createContext, type UnificationDeps } from './context';
import { resolvers } from './resolvers';

export const unificationSchema = () => buildSchemaFor('unification', resolvers);

export function startUnificationSubgraph(deps: UnificationDeps, opts: SubgraphListenOptions): Promise<RunningServer> {
  return startSubgraph({
    name: 'unification',
    schema: unificationSchema(),
    context: (identity, req) => createContext(deps, identity, { readThrough: readThroughSkus(req.headers[READ_THROUGH_HEADER]) }),
    logger: deps.logger,
    ...opts,
  });
}

/** the SKUs the gateway asks to be read from the ledger (bounded: a forged list costs reads, not memory) */
function readThroughSkus(header: string | string[] | undefined): ReadonlySet<string> | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  return new Set(header.split(',', 10_000));
}
