import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { createLogger, type Logger } from '@stockgraph/shared';
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
import { createStores, type Stores } from '@stockgraph/shared/stores';
import { SourceHealth } from '@stockgraph/shared/health/SourceHealth';
import { Registry } from '@stockgraph/shared/registry/Registry';
import { ResponseCache } from './cache/ResponseCache';
import { cacheTags } from './cache/cacheableOperation';
import { startCacheInvalidation } from './cache/cacheInvalidation';
import { defaultConsoleDir, type ConsoleDeps } from './console/consoleRoutes';

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

  const stockCache = config.responseCache.enabled ? await startStockCache(config, opts.stores, logger) : null;
  if (stockCache && metrics) metrics.watchCache(() => stockCache.cache.snapshot());

  const gateway = new ApolloGateway({
    supergraphSdl: opts.supergraphSdl,
    logger,
    // a few dozen operations are what clients send; the default 30 MiB would only hold garbage (nodeArgs.ts)
    experimental_approximateQueryPlanStoreMiB: 10,
    // a plan that only the stock cache's subgraph answers, for SKUs it can name, may be kept
    experimental_didResolveQueryPlan: ({ queryPlan, requestContext, operationContext }) => {
      // Apollo Server hands the gateway its request context with the context as `context`
      const state = (requestContext as unknown as { context?: GatewayContext }).context?.state;
      if (!state?.cache || !stockCache) return;
      const tags = cacheTags(operationContext.operation, requestContext.request.variables, queryPlan);
      state.cache.tags = tags;
      if (tags) state.cache.readThrough = stockCache.cache.recentlyChanged(tags, config.responseCache.readThroughMs);
      else if (state.cache.leads) {
        // nothing will be kept: those waiting for this answer go their own way now, not after it
        stockCache.cache.settle(state.cache.key, undefined);
        state.cache.leads = false;
      }
    },
    buildService: ({ name, url }) => {
      const target = subgraphUrlFor(config.subgraphUrls, name) ?? url;
      if (!target) throw new Error(`no URL for subgraph "${name}": set SUBGRAPH_${envName(name)}_URL`);
      // readiness asks every replica
      const replicas = splitUrls(target);
      replicas.forEach((u, i) => subgraphs.set(replicas.length > 1 ? `${name}#${i + 1}` : name, u));
      return new IdentityDataSource({ name, url: target, signingSecret: config.auth.signingSecret, fetcher, logger, metrics });
    },
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway, ...apolloOptions(config, logger) });
  await apollo.start();

  const authenticate = createAuthenticator(config.auth);
  let ideExample: { query: string; headers: Record<string, string> } | null = null;
  const consoleDeps: ConsoleDeps | null = config.consoleEnabled
    ? {
        mode: config.mode, dir: defaultConsoleDir(), authenticate, ledger: stockCache?.ledger ?? opts.stores?.ledger ?? null,
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
      cache: stockCache?.cache ?? null,
      legacyJsonStatus200: config.legacyJsonStatus200,
      logger,
      metrics,
      subgraphs,
      signingSecret: config.auth.signingSecret,
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
    await stockCache?.close();
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
        await stockCache?.close();
        await limiter?.close();
      })()),
  };
}

/**
 * The stock cache and what empties it. It needs the ledger's change events: from the stores
 * handed in, or from Redis at config.responseCache.redisUrl; with neither, it stays off (a cache
 * that cannot see a sale would serve it late).
 */
async function startStockCache(config: GatewayConfig, given: Pick<Stores, 'ledger' | 'kv'> | undefined, logger: Logger): Promise<{ cache: ResponseCache; ledger: Stores['ledger']; close(): Promise<void> } | null> {
  const rc = config.responseCache;
  if (!given && !rc.redisUrl) {
    logger.warn('stock cache off: no REDIS_URL, so the gateway cannot see the ledger change');
    return null;
  }
  const own = given ? null : await createStores(rc.redisUrl, { prefix: rc.keyPrefix, logger });
  const stores = given ?? own!;
  try {
    const cache = new ResponseCache({ maxBytes: rc.maxBytes, ttlMs: rc.ttlMs });
    const stop = await startCacheInvalidation(cache, {
      ledger: stores.ledger, health: new SourceHealth(stores.kv), registry: new Registry(stores.kv), pollMs: rc.pollMs, quietMs: rc.quietMs, logger,
    });
    logger.info({ maxBytes: rc.maxBytes, ttlMs: rc.ttlMs }, 'stock cache on');
    return { cache, ledger: stores.ledger, close: async () => { stop(); await own?.close(); } };
  } catch (err) {
    await own?.close();
    throw err;
  }
}

function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** Matches an override by the subgraph's own name or by its SUBGRAPH_<NAME>_URL spelling. */
function subgraphUrlFor(urls: Record<string, string>, name: string): string | undefined {
  return urls[name] ?? urls[envName(name)];
}
