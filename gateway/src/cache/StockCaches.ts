import type { ApolloServerPlugin } from '@apollo/server';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { GatewayConfig } from '../configTypes';
import type { GatewayContext } from '../GatewayContext';
import type { GatewayMetrics } from '../metrics/GatewayMetrics';
import type { Logger } from '@stockgraph/shared';
import { createStores, type Stores } from '@stockgraph/shared/stores';
import { SourceHealth } from '@stockgraph/shared/health';
import { CatalogIndex } from '@stockgraph/shared/registry';
import { PositionCache } from '@stockgraph/shared/ledger';
import { ResponseCache } from './ResponseCache';
import { startCacheInvalidation } from './cacheInvalidation';
import { cacheTags, keepableShape } from './cacheableOperation';
import { PositionAnswers } from './positionAnswers';
import { CdnPurger } from './CdnPurger';
import { WholeAnswers } from './WholeAnswers';
import { isAvailabilityOperation } from './availabilityShape';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

type QueryPlanHook = NonNullable<ConstructorParameters<typeof import('@apollo/gateway').ApolloGateway>[0]>['experimental_didResolveQueryPlan'];

/**
 * Every cache of the gateway and what empties it, in one place:
 * - the position cache: every position of a SKU, bounded in bytes, emptied per SKU by the
 *   ledger's change events; answers any availability question about a cached SKU with no plan
 *   and no subgraph call (positionAnswers.ts: an Apollo Server plugin for the first request of a
 *   query text, then a fast path in front of Apollo for the text's later requests);
 * - the whole-answer cache: the bytes of an answer, keyed by caller and request body, for
 *   questions asked again word for word (WholeAnswers.ts, in front of Apollo);
 * - the CDN: caching headers on availability answers (cdnHeaders.ts) and a purge webhook called
 *   with the changed SKUs (CdnPurger.ts).
 * All of it needs the ledger's change events: from the stores handed in (one process), or from
 * Redis at config.responseCache.redisUrl; with neither, every cache stays off (a cache that
 * cannot see a sale would serve it late).
 */
export interface StockCaches {
  wholeAnswers: WholeAnswers | null;
  positions: PositionCache | null;
  /** the position answers' fast path, for the HTTP adapter (null: position cache off) */
  positionAnswers: PositionAnswers | null;
  purger: CdnPurger | null;
  /** the Apollo Server plugins (the position answers) */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /** for ApolloGateway: tells the whole-answer cache which SKUs a planned answer depends on */
  didResolveQueryPlan: QueryPlanHook;
  /** true for an operation the position cache answers (nothing else should take it: the pass-through) */
  answers(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean;
  /** the stores the caches listen to (the console's live view listens too) */
  ledger: Stores['ledger'];
  close(): Promise<void>;
}

export async function startStockCaches(
  config: GatewayConfig,
  given: Pick<Stores, 'ledger' | 'kv'> | undefined,
  o: { logger: Logger; fetch: Fetcher; metrics?: GatewayMetrics | null },
): Promise<StockCaches | null> {
  const rc = config.responseCache;
  const anyCache = rc.enabled || config.positionCache.enabled;
  if (!anyCache) return null;
  if (!given && !rc.redisUrl) {
    o.logger.warn('stock caches off: no REDIS_URL, so the gateway cannot see the ledger change');
    return null;
  }
  const own = given ? null : await createStores(rc.redisUrl, { prefix: rc.keyPrefix, logger: o.logger });
  const stores = given ?? own!;
  const closers: (() => unknown)[] = [];
  try {
    const health = new SourceHealth(stores.kv);
    // the SKU ids and locations are all the gateway reads of the registry (not its 10,000 records)
    const registry = new CatalogIndex(stores.kv);
    const wholeAnswers = rc.enabled ? new WholeAnswers(new ResponseCache({ maxBytes: rc.maxBytes, ttlMs: rc.ttlMs })) : null;
    if (wholeAnswers) {
      closers.push(await startCacheInvalidation(wholeAnswers.cache, { ledger: stores.ledger, health, registry, pollMs: rc.pollMs, quietMs: rc.quietMs, logger: o.logger }));
    }

    let positions: PositionCache | null = null;
    let positionAnswers: PositionAnswers | null = null;
    let purger: CdnPurger | null = null;
    const plugins: ApolloServerPlugin<GatewayContext>[] = [];
    if (config.positionCache.enabled) {
      positions = new PositionCache(stores.ledger, { maxBytes: config.positionCache.maxBytes });
      closers.push(() => positions!.close());
      const down = await watchDownSystems(health, rc.pollMs, o.logger);
      closers.push(down.stop);
      await registry.refresh(true).catch((err: Error) => o.logger.warn({ err: err.message }, 'position cache: registry not read yet'));
      positionAnswers = new PositionAnswers({
        positions, registry, down: down.current, policies: config.channelPolicies, reconcilePolicy: config.reconcilePolicy, cdn: config.cdn, limits: config.limits, metrics: o.metrics,
      });
      plugins.push(positionAnswers.plugin());
      if (config.cdn.purgeUrl) {
        const p = new CdnPurger({
          url: config.cdn.purgeUrl, authorization: config.cdn.purgeAuthorization || undefined, batchSize: config.cdn.purgeBatchSize,
          intervalMs: config.cdn.purgeIntervalMs, fetch: o.fetch, logger: o.logger,
        });
        purger = p;
        closers.push(positions.onInvalidate((skus) => p.changed(skus)));
        closers.push(() => p.close());
      }
      await stores.ledger.changesReady?.();
    }

    const didResolveQueryPlan: QueryPlanHook = ({ queryPlan, requestContext, operationContext }) => {
      // Apollo Server hands the gateway its request context with the context as `context`
      const state = (requestContext as unknown as { context?: GatewayContext }).context?.state;
      if (!state?.cache || !wholeAnswers) return;
      const tags = cacheTags(operationContext.operation, requestContext.request.variables, queryPlan);
      // not kept: by its variables this time, or by its text and plan for good (then it is not looked up again)
      wholeAnswers.planned(state, tags, rc.readThroughMs, tags !== null || keepableShape(operationContext.operation, queryPlan));
    };
    o.logger.info({ wholeAnswers: rc.enabled && { maxBytes: rc.maxBytes, ttlMs: rc.ttlMs }, positions: config.positionCache, cdnPurge: Boolean(purger) }, 'stock caches on');
    return {
      wholeAnswers, positions, positionAnswers, purger, plugins, didResolveQueryPlan, ledger: stores.ledger,
      answers: (schema, document, operation) => positions !== null && isAvailabilityOperation(schema, document, operation),
      close: async () => {
        for (const c of closers.reverse()) await c();
        await own?.close();
      },
    };
  } catch (err) {
    for (const c of closers.reverse()) await c();
    await own?.close();
    throw err;
  }
}

/**
 * The systems that cannot be reached, as the stale flags need them, without a Redis read per
 * request: read at start, on each health change message, and every `pollMs` should one be lost.
 */
async function watchDownSystems(health: SourceHealth, pollMs: number, logger: Logger): Promise<{ current: () => ReadonlySet<string>; stop: () => Promise<void> }> {
  let down: ReadonlySet<string> = new Set();
  const read = async () => {
    try {
      down = new Set([...(await health.all()).values()].filter((h) => !h.up).map((h) => h.system));
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'position cache: source health not read');
    }
  };
  await read();
  const unsubscribe = await health.onChange(() => void read());
  const timer = setInterval(() => void read(), pollMs);
  timer.unref();
  return {
    current: () => down,
    stop: async () => {
      clearInterval(timer);
      await unsubscribe().catch(() => undefined);
    },
  };
}
