import type { Platform } from '@stockgraph/shared/platform';
import type { RunningServer } from '@stockgraph/shared/http';
import { every } from '@stockgraph/shared/feeds';
import { ErpCatalog } from './feed/ErpCatalog';
import type { ErpClient } from './legacy/ErpClient';
import { startErpSubgraph } from './server';

export interface ErpApp {
  catalog: ErpCatalog;
  /** the ERP batch: item master, vendors, open POs → incoming, plant stock → reconciliation */
  runBatch(): Promise<void>;
  /** runs the batch every `ms` (never two at once); returns a stop function */
  startBatching(ms: number): () => void;
  /** when the last batch that completed started and ended (ms), null before the first */
  readonly lastBatch: { startedAt: number; finishedAt: number } | null;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
}

export function createErpApp(p: Platform, opts: { client: ErpClient }): ErpApp {
  const logger = p.logger.child({ subgraph: 'erp' });
  const catalog = new ErpCatalog({ client: opts.client, ledger: p.stores.ledger, registry: p.registry, health: p.health, reconciler: p.reconciler, logger, kv: p.stores.kv });
  let lastBatch: ErpApp['lastBatch'] = null;
  const runBatch = async () => {
    const startedAt = Date.now();
    await p.registry.refresh(true);
    await catalog.refresh();
    await catalog.feedIncoming();
    await catalog.reconcileStock();
    lastBatch = { startedAt, finishedAt: Date.now() };
  };
  return {
    catalog,
    get lastBatch() { return lastBatch; },
    runBatch,
    // a failed batch keeps the last one's figures (and flags the ERP down); the next run retries
    startBatching: (ms) => every(ms, runBatch, (err) => logger.warn({ err: (err as Error).message }, 'erp batch failed')),
    start: (o) => startErpSubgraph({ catalog, registry: p.registry, logger }, { ...o, ...p.identity }),
  };
}
