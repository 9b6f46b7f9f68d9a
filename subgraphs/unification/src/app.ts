import type { Platform } from '@stockgraph/shared/platform';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import { PositionCache } from '@stockgraph/shared/ledger/PositionCache';
import type { ChannelPolicies } from '@stockgraph/shared/availability/channelPolicy';
import type { UnificationDeps } from './context';
import { startUnificationSubgraph } from './server';
import { CatalogSync, type CatalogClients } from './sync/CatalogSync';

export interface UnificationApp {
  deps: UnificationDeps;
  sync: CatalogSync;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
  close(): void;
}

/** The unification subgraph's parts, wired from the platform: used by main.ts and the stack. */
export function createUnificationApp(p: Platform, opts: { policies: ChannelPolicies; clients: CatalogClients }): UnificationApp {
  const positions = new PositionCache(p.stores.ledger);
  const deps: UnificationDeps = {
    registry: p.registry, ledger: p.stores.ledger, positions, health: p.health, discrepancies: p.discrepancies,
    policies: opts.policies, logger: p.logger.child({ subgraph: 'unification' }),
  };
  return {
    deps,
    sync: new CatalogSync({ clients: opts.clients, registry: p.registry, health: p.health, logger: deps.logger }),
    start: (o) => startUnificationSubgraph(deps, { ...o, identitySecret: p.identitySecret }),
    close: () => positions.close(),
  };
}
