import type { Logger, StockLedger } from '@stockgraph/shared';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { CatalogIndex } from '@stockgraph/shared/registry';
import { ANY_POSITION } from '@stockgraph/shared/ledger';
import type { ResponseCache } from './ResponseCache';

export interface CacheInvalidationOptions {
  ledger: Pick<StockLedger, 'onChange' | 'changesReady'>;
  health: Pick<SourceHealth, 'fingerprint' | 'onChange'>;
  registry: Pick<CatalogIndex, 'storedVersion' | 'onChange'>;
  /** how often source health and the registry version are read */
  pollMs: number;
  /** after a flush for health or catalogue, how long the subgraphs' own caches may lag (no stores) */
  quietMs: number;
  logger: Logger;
}

/**
 * What empties the stock cache, as it happens:
 * - the ledger's change events (Redis pub/sub from every process): the changed SKUs' answers;
 *   a possibly missed stretch of events (reconnect): everything;
 * - source health (stale flags) or the registry (names, locations, mappings) changing: everything,
 *   told by their own change messages, and seen by reading both every `pollMs` (one round trip)
 *   should a message be lost.
 * Returns once change events from other processes arrive; the stop function ends both.
 */
export async function startCacheInvalidation(cache: ResponseCache, o: CacheInvalidationOptions): Promise<() => void> {
  const unsubscribe = o.ledger.onChange((keys) => {
    if (keys.some((k) => k.sku === ANY_POSITION.sku)) cache.flush();
    else cache.invalidate(keys.map((k) => k.sku));
  });
  const flushFor = (what: string) => () => {
    cache.flush(o.quietMs);
    o.logger.info(`stock cache flushed: ${what} changed`);
  };
  const unsubscribers = await Promise.all([o.health.onChange(flushFor('source health')), o.registry.onChange(flushFor('the catalogue'))]);
  await o.ledger.changesReady?.();
  let last: string | null = null;
  const read = async () => {
    const [health, version] = await Promise.all([o.health.fingerprint(), o.registry.storedVersion()]);
    return `${version}|${health}`;
  };
  let busy = false;
  const poll = async () => {
    if (busy) return;
    busy = true;
    try {
      const now = await read();
      if (last !== null && now !== last) {
        cache.flush(o.quietMs);
        o.logger.info('stock cache flushed: source health or the catalogue changed');
      }
      last = now;
    } catch (err) {
      // cannot tell what changed: keep nothing
      cache.flush(o.quietMs);
      last = null;
      o.logger.warn({ err: (err as Error).message }, 'stock cache: health/registry poll failed, flushed');
    } finally {
      busy = false;
    }
  };
  await poll();
  const timer = setInterval(() => void poll(), o.pollMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    unsubscribe();
    for (const u of unsubscribers) void u().catch(() => undefined);
  };
}
