import type { Identity } from '@stockgraph/shared/auth';
import type { Logger, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { DemandHistoryStore } from './history/DemandHistoryStore';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import type { ChannelDemandLog } from './feed/ChannelDemandLog';
import type { SupplyBook } from './feed/SupplyBook';

export interface PlanningDeps {
  registry: Registry;
  ledger: StockLedger;
  history: DemandHistoryStore;
  log: ChannelDemandLog;
  supply: SupplyBook;
  logger: Logger;
  policies: ChannelPolicies;
  /** forecast quantile levels served, ascending, including 0.1, 0.5 and 0.9 */
  quantileLevels: number[];
  /** ms since epoch; tests pin it */
  now: () => number;
}
export type PlanningContext = PlanningDeps & { identity: Identity };
