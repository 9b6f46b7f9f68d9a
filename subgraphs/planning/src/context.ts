import type { Identity } from '@stockgraph/shared/auth';
import type { Logger, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry/Registry';
import type { DemandHistoryStore } from './history/DemandHistoryStore';
import type { ChannelDemandLog } from './feed/ChannelDemandLog';

export interface PlanningDeps {
  registry: Registry;
  ledger: StockLedger;
  history: DemandHistoryStore;
  log: ChannelDemandLog;
  logger: Logger;
  /** ms since epoch; tests pin it */
  now: () => number;
}
export type PlanningContext = PlanningDeps & { identity: Identity };
