/**
 * The peer contender: @graphql-hive/gateway (JavaScript query planner, or with HIVE_ROUTER_RUNTIME
 * Hive Router's Rust planner through @graphql-hive/router-runtime) serving the same committed
 * schema/supergraph.graphql on the same subgraph processes, in its own process. Subgraphs refuse
 * unsigned requests, so a header-propagation hook signs, per subgraph request, the identity our
 * gateway would derive from the caller's x-api-key (same secret, same shared signIdentity): the
 * subgraphs cannot tell the two gateways apart. Hive Gateway has none of our gateway's
 * hostile-input limits, rate limiting or API-key hashing; that difference is part of the result.
 * Same environment names as gateway/src/main.ts.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { resolve } from 'node:path';
import { z } from 'zod';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { env, parseEnv } from '@stockgraph/shared/config';
import { IDENTITY_HEADER, signIdentity } from '@stockgraph/shared/auth';
import { identityFor } from './benchKeys';

const config = parseEnv(z.object({
  PORT: env.port(4100),
  HOST: z.string().default('127.0.0.1'),
  GATEWAY_SIGNING_SECRET: z.string().min(32),
  SUPERGRAPH_PATH: z.string().default(resolve(__dirname, '../../schema/supergraph.graphql')),
  GATEWAY_API_KEYS_FILE: z.string(),
  GATEWAY_ASSORTMENTS_FILE: z.string(),
  /** true: Hive Router's Rust query planner and executor (@graphql-hive/router-runtime) instead of the JavaScript one */
  HIVE_ROUTER_RUNTIME: env.bool(false),
}));

/** the committed supergraph with each subgraph's URL replaced by SUBGRAPH_<NAME>_URL, as our gateway does */
function supergraphWithUrls(sdl: string, environment: NodeJS.ProcessEnv): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g, (whole, name: string) => {
    const url = environment[`SUBGRAPH_${name.toUpperCase()}_URL`];
    return url ? `@join__graph(name: "${name}", url: "${url}")` : whole;
  });
}

const auth = {
  apiKeys: JSON.parse(readFileSync(config.GATEWAY_API_KEYS_FILE, 'utf8')) as never,
  assortments: JSON.parse(readFileSync(config.GATEWAY_ASSORTMENTS_FILE, 'utf8')) as Record<string, string[]>,
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rust = config.HIVE_ROUTER_RUNTIME ? { unifiedGraphHandler: require('@graphql-hive/router-runtime').unifiedGraphHandler } : {};

const gateway = createGatewayRuntime({
  ...rust,
  supergraph: supergraphWithUrls(readFileSync(config.SUPERGRAPH_PATH, 'utf8'), process.env),
  logging: 'warn',
  landingPage: false,
  graphiql: false,
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const identity = identityFor(request.headers.get('x-api-key'), auth);
      return identity ? { [IDENTITY_HEADER]: signIdentity(identity, config.GATEWAY_SIGNING_SECRET, Date.now()) } : {};
    },
  },
});

const server = http.createServer(gateway);
server.listen(config.PORT, config.HOST, () => process.stdout.write(`hive gateway on http://${config.HOST}:${config.PORT}/graphql\n`));
const stop = () => {
  setTimeout(() => process.exit(1), 5000).unref();
  server.close(() => void Promise.resolve(gateway.dispose()).finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
