import type { IncomingMessage } from 'node:http';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { requestLogger, type Logger } from '../logger';
import { createRequestIdentityVerifier, type Identity, type SubgraphIdentityOptions } from '../auth';
import { startGraphQLHttpServer, type Route, type RunningServer } from './graphqlHttpServer';
import { ErrorCode } from '../errors';

export interface SubgraphListenOptions extends SubgraphIdentityOptions { port?: number; host?: string }

export interface SubgraphServerOptions<C extends BaseContext> extends SubgraphIdentityOptions {
  name: string;
  schema: GraphQLSchema;
  /** builds the per-request context from the verified identity (the gateway's signed header or a
   *  router's bearer JWT); a request with neither, or with a bad one, is refused (401) */
  context: (identity: Identity, req: IncomingMessage) => Promise<C> | C;
  logger: Logger;
  port?: number;
  host?: string;
  routes?: Record<string, Route>;
}

/**
 * One subgraph on node:http. Subgraphs sit behind the gateway: no stack traces in answers, no
 * inline traces. Each request's context gets a child logger carrying the request id the gateway
 * sent (`ctx.logger`), and errors are logged with it.
 */
export async function startSubgraph<C extends BaseContext>(opts: SubgraphServerOptions<C>): Promise<RunningServer> {
  // the subgraph's name is bound once: a logger that already carries it (an app's child) is kept as is
  const logger = 'subgraph' in opts.logger.bindings() ? opts.logger : opts.logger.child({ subgraph: opts.name });
  const apollo = new ApolloServer<C>({
    schema: opts.schema,
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          const log = requestLogger(logger);
          return {
            async didEncounterErrors({ errors }) {
              for (const e of errors) {
                const code = e.extensions?.code;
                if (code === ErrorCode.BAD_USER_INPUT || code === ErrorCode.GRAPHQL_VALIDATION_FAILED) continue;
                log.error({ err: e.originalError ?? e, path: e.path }, 'resolver error');
              }
            },
          };
        },
      },
    ],
  });
  const verifyIdentity = createRequestIdentityVerifier(opts);
  const server = await startGraphQLHttpServer<C>({
    apollo,
    context: async ({ req }) => {
      const ctx = await opts.context(await verifyIdentity(req.headers), req);
      // resolvers log through ctx.logger: the request's own child logger, not the process's
      return 'logger' in ctx ? { ...ctx, logger: requestLogger(logger) } : ctx;
    },
    routes: opts.routes,
    port: opts.port,
    host: opts.host,
  });
  logger.info({ url: server.url }, 'subgraph listening');
  return server;
}
