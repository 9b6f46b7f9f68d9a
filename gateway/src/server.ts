import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { createLogger, type Logger } from '@stockgraph/shared';
import { createIdentityJwtSigner } from '@stockgraph/shared/auth';
import { apolloOptions } from './apolloOptions';
import { createAuthenticator } from './auth/authenticate';
import type { GatewayConfig, GatewayConfigOverrides } from './configTypes';
import type { GatewayContext } from './GatewayContext';
import { createRequestListener } from './http/createRequestListener';
import { GatewayMetrics } from './metrics/GatewayMetrics';
import { resolveConfig } from './resolveConfig';
import { createRateLimiter } from './rateLimit/createRateLimiter';
import { createBucketFor } from './rateLimit/rateLimitBucket';
import { createClientAddress } from './rateLimit/clientAddress';
import { IdentityDataSource } from './subgraphs/IdentityDataSource';
import { createSubgraphFetcher } from './subgraphs/subgraphFetcher';
import { splitUrls } from './subgraphs/SubgraphReplicas';
import type { Stores } from '@stockgraph/shared/stores';
import { startStockCaches } from './cache/StockCaches';
import { defaultConsoleDir, type ConsoleDeps } from './console/consoleRoutes';
import { PassThrough } from './passthrough/PassThrough';

export interface CreateGatewayServerOptions {
  /** the composed supergraph (schema/supergraph.graphql); never introspected at runtime */
  supergraphSdl: string;
  /** subgraph name → URL (or replicas' URLs, comma-separated), over the routing URLs in the supergraph (and config.subgraphUrls) */
  subgraphUrls?: Record<string, string>;
  config?: GatewayConfigOverrides;
  logger?: Logger;
  /** default 0: any free port */
  port?: number;
  /** default config.host */
  host?: string;
  /**
   * The stores of a gateway in the same process as the subgraphs (stack.ts): the stock cache
   * listens to this ledger. Otherwise it connects to config.responseCache.redisUrl itself.
   */
  stores?: Pick<Stores, 'ledger' | 'kv'>;
}

export interface GatewayServer {
  url: string;
  port: number;
  server: http.Server;
  config: GatewayConfig;
  /** what the development IDE opens with (npm start sets a query it has checked answers) */
  setIdeExample(example: { query: string; headers: Record<string, string> }): void;
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** Loads the supergraph, starts Apollo Server on a plain node:http server, and listens. */
export async function createGatewayServer(opts: CreateGatewayServerOptions): Promise<GatewayServer> {
  const config = resolveConfig({ ...opts.config, subgraphUrls: { ...opts.config?.subgraphUrls, ...opts.subgraphUrls } });
  const logger = opts.logger ?? createLogger('gateway', config.logLevel ?? undefined);
  const metrics = config.metricsEnabled ? new GatewayMetrics() : null;
  const fetcher = createSubgraphFetcher(config.subgraphTimeoutMs);
  const subgraphs = new Map<string, string>();

  const jwtSigner = config.auth.subgraphJwt ? await createIdentityJwtSigner(config.auth.subgraphJwt) : null;
  const caches = await startStockCaches(config, opts.stores, { logger, fetch: fetcher, metrics });
  if (caches && metrics) {
    const { wholeAnswers, positions } = caches;
    if (wholeAnswers) metrics.watchCache('gateway_stock_cache', 'Whole-answer cache: hits, misses, stores, racesSkipped, invalidatedEntries, flushes, coalesced, firstAsked, unkeepable (since start), entries and bytes (now)', () => wholeAnswers.cache.snapshot());
    if (positions) metrics.watchCache('gateway_position_cache', 'Position cache: hits, misses, racesSkipped, evictions (since start), entries and bytes (now)', () => positions.stats());
  }
  const passthrough = config.passthroughEnabled
    ? new PassThrough({ subgraphs, signingSecret: config.auth.signingSecret, limits: config.limits, timeoutMs: config.subgraphTimeoutMs, metrics })
    : null;

  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    logger,
    // a few dozen operations are what clients send; the default 30 MiB would only hold garbage (nodeArgs.ts)
    experimental_approximateQueryPlanStoreMiB: 10,
    // a plan that only the stock cache's subgraph answers, for SKUs it can name, may be kept
    experimental_didResolveQueryPlan: (args) => {
      // a query planned as one fetch to one subgraph goes there as written next time (passthrough/)
      // (not one the position cache answers: that answer needs no subgraph at all)
      const { schema, operation } = args.operationContext;
      const document = args.requestContext.document;
      if (!(document && caches?.answers(schema, document, operation))) passthrough?.learn(args.requestContext.source, schema, document, operation, args.queryPlan);
      caches?.didResolveQueryPlan?.(args);
    },
    buildService: ({ name, url }) => {
      const target = subgraphUrlFor(config.subgraphUrls, name) ?? url;
      if (!target) throw new Error(`no URL for subgraph "${name}": set SUBGRAPH_${envName(name)}_URL`);
      // readiness asks every replica
      const replicas = splitUrls(target);
      replicas.forEach((u, i) => subgraphs.set(replicas.length > 1 ? `${name}#${i + 1}` : name, u));
      return new IdentityDataSource({ name, url: target, signingSecret: config.auth.signingSecret, jwtSigner, fetcher, logger, metrics });
    },
  });
  const options = apolloOptions(config, logger);
  // the position answers run after every limit and auth plugin
  const apollo = new ApolloServer<GatewayContext>({ gateway, ...options, plugins: [...(options.plugins ?? []), ...(caches?.plugins ?? [])] });
  await apollo.start();

  const authenticate = createAuthenticator(config.auth);
  let ideExample: { query: string; headers: Record<string, string> } | null = null;
  const consoleDeps: ConsoleDeps | null = config.consoleEnabled
    ? {
        mode: config.mode, dir: defaultConsoleDir(), authenticate, ledger: caches?.ledger ?? opts.stores?.ledger ?? null,
        example: () => ideExample, defaultKey: config.consoleDefaultKey,
      }
    : null;
  if (consoleDeps && !consoleDeps.dir) logger.warn('console not built: /console answers 404 until `npm run build:console`');

  const limiter = config.rateLimit.enabled ? createRateLimiter(config.rateLimit, logger) : null;
  let serving = true;
  const server = http.createServer(
    createRequestListener({
      apollo,
      authenticate,
      rateLimit: limiter
        ? { limiter, bucketFor: createBucketFor(config.rateLimit, config.auth.apiKeys), clientAddress: createClientAddress(config.rateLimit.trustedProxies) }
        : null,
      maxBodyBytes: config.limits.maxBodyBytes,
      wholeAnswers: caches?.wholeAnswers ?? null,
      positionAnswers: caches?.positionAnswers ?? null,
      passthrough,
      legacyJsonStatus200: config.legacyJsonStatus200,
      logger,
      metrics,
      subgraphs,
      signingSecret: config.auth.signingSecret,
      jwks: jwtSigner?.jwks ?? null,
      probeTimeoutMs: Math.min(config.subgraphTimeoutMs, 5000),
      isServing: () => serving,
      console: consoleDeps,
    }),
  );
  // a slow or endless body (or a drained oversize one) cannot hold a socket for long
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = Math.min(config.requestTimeoutMs, 60_000);
  // longer than a load balancer keeps an idle connection to us, so it is never the one to find a
  // connection we closed under a request it has just sent (Node's default is 5 s; the subgraphs' 65 s)
  server.keepAliveTimeout = 65_000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await apollo.stop();
    await caches?.close();
    passthrough?.close();
    await limiter?.close();
    throw err;
  }
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  logger.info({ port, subgraphs: Object.fromEntries(subgraphs), mode: config.mode }, 'gateway listening');

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    server,
    config,
    setIdeExample: (example) => {
      ideExample = example;
    },
    close: () =>
      (closing ??= (async () => {
        serving = false;
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
          server.close(() => {
            clearTimeout(force);
            resolve();
          });
          server.closeIdleConnections();
        });
        await apollo.stop();
        await caches?.close();
        passthrough?.close();
        await limiter?.close();
      })()),
  };
}

function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Matches an override by the subgraph's own name or by its SUBGRAPH_<NAME>_URL spelling. */
function subgraphUrlFor(urls: Record<string, string>, name: string): string | undefined {
  return urls[name] ?? urls[envName(name)];
}
