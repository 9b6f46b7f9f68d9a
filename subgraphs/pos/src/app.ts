import type { Platform } from '@stockgraph/shared/platform';
import { closeDiscrepancyOnCount } from '@stockgraph/shared/reconcile';
import type { RunningServer } from '@stockgraph/shared/http';
import { PosFeed, type PosFeedDeps } from './feed/PosFeed';
import { SalesCounter } from './feed/SalesCounter';
import type { PosClient } from './legacy/PosClient';
import { startPosSubgraph } from './server';

export interface PosApp {
  feed: PosFeed;
  sales: SalesCounter;
  loadSnapshots(): Promise<void>;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
}

export function createPosApp(p: Platform, opts: { client: PosClient; webhookSecret: string; onCount?: PosFeedDeps['onCount'] }): PosApp {
  const logger = p.logger.child({ subgraph: 'pos' });
  const sales = new SalesCounter(p.stores.kv);
  const feed = new PosFeed({
    client: opts.client, ledger: p.stores.ledger, registry: p.registry, health: p.health, reconciler: p.reconciler,
    sales, webhookSecret: opts.webhookSecret, logger, onCount: opts.onCount ?? closeDiscrepancyOnCount(p.discrepancies, logger),
    demandKv: p.stores.kv,
  });
  return {
    feed,
    sales,
    async loadSnapshots() {
      await p.registry.refresh(true);
      await feed.loadSnapshots();
    },
    start: (o) => startPosSubgraph({ registry: p.registry, sales, logger, feed }, { ...o, ...p.identity }),
  };
}
