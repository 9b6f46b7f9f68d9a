import type { Platform } from '@stockgraph/shared/platform';
import { closeDiscrepancyOnCount } from '@stockgraph/shared/reconcile';
import type { RunningServer } from '@stockgraph/shared/http';
import { FeedCursor } from '@stockgraph/shared/feeds';
import { every } from '@stockgraph/shared/feeds';
import { WmsFeed, type WmsFeedDeps } from './feed/WmsFeed';
import { WmsInboundCache } from './feed/WmsInboundCache';
import type { WmsClient } from './legacy/WmsClient';
import { startWmsSubgraph } from './server';

export interface WmsApp {
  feed: WmsFeed;
  inbound: WmsInboundCache;
  /** DC snapshots and inbound, then the delta feed from its stored cursor */
  loadSnapshots(): Promise<void>;
  /** polls the delta feed every `ms`; returns a stop function */
  startPolling(ms: number): () => void;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
}

export function createWmsApp(p: Platform, opts: { client: WmsClient; onCount?: WmsFeedDeps['onCount'] }): WmsApp {
  const logger = p.logger.child({ subgraph: 'wms' });
  const feed = new WmsFeed({
    client: opts.client, ledger: p.stores.ledger, registry: p.registry, health: p.health, reconciler: p.reconciler,
    cursor: new FeedCursor(p.stores.kv, 'wms-deltas'), siteCursor: (site) => new FeedCursor(p.stores.kv, `wms-snapshot:${site}`),
    logger, onCount: opts.onCount ?? closeDiscrepancyOnCount(p.discrepancies, logger),
  });
  const inbound = new WmsInboundCache({ client: opts.client, registry: p.registry, health: p.health, logger });
  return {
    feed,
    inbound,
    async loadSnapshots() {
      await p.registry.refresh(true);
      await feed.loadSnapshots();
      await inbound.refresh();
    },
    startPolling: (ms) => every(ms, () => feed.poll(), (err) => logger.warn({ err: (err as Error).message }, 'wms poll failed')),
    start: (o) => startWmsSubgraph({ registry: p.registry, inbound, logger }, { ...o, ...p.identity }),
  };
}
