import type { Platform } from '@stockgraph/shared/platform';
import type { RunningServer } from '@stockgraph/shared/http';
import { DEFAULT_CHANNEL_POLICIES, type ChannelPolicies } from '@stockgraph/shared/availability';
import { DemandHistoryStore } from './history/DemandHistoryStore';
import { SupplyBook } from './feed/SupplyBook';
import { DEFAULT_QUANTILE_LEVELS } from './plan/forecastPosition';
import { ChannelDemandLog } from './feed/ChannelDemandLog';
import { DemandFeed } from './feed/DemandFeed';
import { seedDemandHistory } from './feed/seedDemandHistory';
import type { PlanningDeps } from './context';
import { startPlanningSubgraph } from './server';

export interface PlanningAppOptions {
  /** days kept per SKU × location (default 365) */
  historyDays?: number;
  now?: () => number;
  /** which locations feed each channel and its low-stock badge threshold (default: the shared defaults) */
  policies?: ChannelPolicies;
  /** forecast quantile levels served (0.1, 0.5 and 0.9 are always among them) */
  quantileLevels?: number[];
}

export interface PlanningApp {
  history: DemandHistoryStore;
  log: ChannelDemandLog;
  supply: SupplyBook;
  feed: DemandFeed;
  /** subscribes to the live demand channel (idempotent); stopped by close() */
  listen(): Promise<void>;
  /** demo only: seeded synthetic history for every stocked position (README); returns series seeded */
  seed(seed: number, days: number): Promise<number>;
  start(opts?: { port?: number; host?: string }): Promise<RunningServer>;
  close(): Promise<void>;
}

export function createPlanningApp(p: Platform, opts: PlanningAppOptions = {}): PlanningApp {
  const logger = p.logger.child({ subgraph: 'planning' });
  const history = new DemandHistoryStore({ capacityDays: opts.historyDays ?? 365 });
  const log = new ChannelDemandLog();
  const supply = new SupplyBook();
  const feed = new DemandFeed({ kv: p.stores.kv, history, log, supply, logger });
  const deps: PlanningDeps = {
    registry: p.registry, ledger: p.stores.ledger, history, log, supply, logger, now: opts.now ?? Date.now,
    policies: opts.policies ?? DEFAULT_CHANNEL_POLICIES,
    quantileLevels: [...new Set([...(opts.quantileLevels ?? []), ...DEFAULT_QUANTILE_LEVELS])].sort((a, b) => a - b),
  };
  let unsubscribe: (() => Promise<void>) | null = null;
  return {
    history,
    log,
    supply,
    feed,
    async listen() {
      unsubscribe ??= await feed.listen();
    },
    async seed(seed, days) {
      await p.registry.refresh(true);
      const skus = p.registry.skuIds();
      const positions = skus.length ? (await p.stores.ledger.getPositionsForSkus(skus)).flat() : [];
      const n = seedDemandHistory(p.registry, positions, history, seed, days, { log, today: Math.floor(deps.now() / 86_400_000) });
      logger.info({ series: n, days }, 'seeded synthetic demand history (demo)');
      return n;
    },
    start: (o) => startPlanningSubgraph(deps, { ...o, ...p.identity }),
    async close() {
      const u = unsubscribe;
      unsubscribe = null;
      await u?.();
    },
  };
}
