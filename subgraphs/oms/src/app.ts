import type { Platform } from '@stockgraph/shared/platform';
import type { RunningServer } from '@stockgraph/shared/http/graphqlHttpServer';
import type { ChannelPolicies } from '@stockgraph/shared/availability/channelPolicy';
import { every } from '@stockgraph/shared/feeds/reportHealth';
import type { OmsDeps } from './context';
import { HoldService } from './holds/HoldService';
import type { OmsClient } from './legacy/OmsClient';
import { startOmsSubgraph } from './server';

export interface OmsApp {
  deps: OmsDeps;
  /** expires due holds every `ms` (safe from many processes at once); returns a stop function */
  startExpirySweeper(ms: number): () => void;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
}

export function createOmsApp(p: Platform, opts: { client: OmsClient; policies: ChannelPolicies }): OmsApp {
  const logger = p.logger.child({ subgraph: 'oms' });
  const ledger = p.stores.ledger;
  const holds = new HoldService({ ledger, registry: p.registry, idempotency: p.idempotency, policies: opts.policies, logger });
  const deps: OmsDeps = { holds, ledger, registry: p.registry, logger };
  return {
    deps,
    startExpirySweeper: (ms) => every(ms, () => ledger.expireDue(Date.now()), (err) => logger.warn({ err: (err as Error).message }, 'expiry sweep failed')),
    start: (o) => startOmsSubgraph(deps, { ...o, identitySecret: p.identitySecret }),
  };
}
