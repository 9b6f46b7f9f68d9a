import type { Platform } from '@stockgraph/shared/platform';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import { ErpCatalog } from './feed/ErpCatalog';
import type { ErpClient } from './legacy/ErpClient';
import { startErpSubgraph } from './server';

export interface ErpApp {
  catalog: ErpCatalog;
  /** the ERP batch: item master, vendors, open POs → incoming, plant stock → reconciliation */
  runBatch(): Promise<void>;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
}

export function createErpApp(p: Platform, opts: { client: ErpClient }): ErpApp {
  const logger = p.logger.child({ subgraph: 'erp' });
  const catalog = new ErpCatalog({ client: opts.client, ledger: p.stores.ledger, registry: p.registry, health: p.health, reconciler: p.reconciler, logger });
  return {
    catalog,
    async runBatch() {
      await p.registry.refresh(true);
      await catalog.refresh();
      await catalog.feedIncoming();
      await catalog.reconcileStock();
    },
    start: (o) => startErpSubgraph({ catalog, registry: p.registry, logger }, { ...o, identitySecret: p.identitySecret }),
  };
}
