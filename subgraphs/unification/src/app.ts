import type { Platform } from '@stockgraph/shared/platform';
import type { RunningServer } from '@stockgraph/shared/http';
import { PositionCache } from '@stockgraph/shared/ledger';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import type { UnificationDeps } from './context';
import { startUnificationSubgraph } from './server';
import { CatalogSync, type CatalogClients } from './sync/CatalogSync';
import { CycleCountRequests } from './counts/CycleCountRequests';
import { TransferStore } from '@stockgraph/shared/transfers';
import { TransferBookings } from './transfers/TransferBookings';
import { TransferService } from './transfers/TransferService';

export interface UnificationApp {
  deps: UnificationDeps;
  sync: CatalogSync;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
  close(): void;
}

/** The unification subgraph's parts, wired from the platform: used by main.ts and the stack. */
/** both simulated systems answer a count within a second; a real store may take its time */
export const DEFAULT_RECOUNT_AFTER_MS = 30 * 60_000;

export function createUnificationApp(p: Platform, opts: { policies: ChannelPolicies; clients: CatalogClients; recountAfterMs?: number; positionCacheBytes?: number; transferHoldMs?: number }): UnificationApp {
  const positions = new PositionCache(p.stores.ledger, { maxBytes: opts.positionCacheBytes });
  const logger = p.logger.child({ subgraph: 'unification' });
  const counts = new CycleCountRequests({
    discrepancies: p.discrepancies, registry: p.registry, policy: p.reconcilePolicy, logger, clients: { wms: opts.clients.wms, pos: opts.clients.pos },
    recountAfterMs: opts.recountAfterMs ?? DEFAULT_RECOUNT_AFTER_MS,
  });
  const transferStore = new TransferStore(p.stores.kv);
  const transfers = new TransferService({
    ledger: p.stores.ledger, registry: p.registry, transfers: transferStore, kv: p.stores.kv, idempotency: p.idempotency, discrepancies: p.discrepancies,
    bookings: new TransferBookings({ registry: p.registry, policy: p.reconcilePolicy, clients: { wms: opts.clients.wms, pos: opts.clients.pos }, logger }),
    policy: p.reconcilePolicy, logger, holdTtlMs: opts.transferHoldMs,
  });
  const deps: UnificationDeps = {
    registry: p.registry, ledger: p.stores.ledger, positions, health: p.health, discrepancies: p.discrepancies, counts, transfers, transferStore,
    policies: opts.policies, reconcilePolicy: p.reconcilePolicy, logger,
  };
  return {
    deps,
    sync: new CatalogSync({ clients: opts.clients, registry: p.registry, health: p.health, logger: deps.logger }),
    start: (o) => startUnificationSubgraph(deps, { ...o, ...p.identity }),
    close: () => positions.close(),
  };
}
