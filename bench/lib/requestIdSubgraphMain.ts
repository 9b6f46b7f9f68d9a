/**
 * A subgraph with the least work in its resolver, started with the real startSubgraph (identity
 * check, Apollo Server, per-request child logger): what the request-id plumbing costs shows most
 * here, so the request-id bench's ratio is an upper bound for a subgraph that does real work.
 */
import { parse } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { z } from 'zod';
import { createLogger, type Logger } from '@stockgraph/shared';
import { env, parseEnv } from '@stockgraph/shared/config';
import { startSubgraph } from '@stockgraph/shared/http';

const config = parseEnv(z.object({ PORT: env.port(0), SECRET: z.string().min(32) }));
// info, as production runs: the resolver's debug line is not written, its logger is still made
const logger = createLogger('request-id-bench', 'info').child({ subgraph: 'bench' });
const schema = buildSubgraphSchema([{
  typeDefs: parse('type Query { work(n: Int!): Int! }'),
  resolvers: { Query: { work: (_: unknown, a: { n: number }, ctx: { logger: Logger }) => { ctx.logger.debug({ n: a.n }, 'work'); return a.n + 1; } } },
}]);
void startSubgraph({ name: 'bench', schema, identitySecret: config.SECRET, logger, port: config.PORT, context: () => ({ logger }) });
