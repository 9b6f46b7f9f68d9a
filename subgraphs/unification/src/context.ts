import DataLoader from 'dataloader';
import type { Logger, PositionSupply, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { SkuRecord } from '@stockgraph/shared/registry';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { PackedPositions, PositionCache } from '@stockgraph/shared/ledger';
import type { DiscrepancyStore } from '@stockgraph/shared/reconcile';
import type { ReconcilePolicy } from '@stockgraph/shared/reconcile';
import { canSeeSku, type Identity } from '@stockgraph/shared/auth';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import type { CycleCountRequests } from './counts/CycleCountRequests';
import type { TransferStore } from '@stockgraph/shared/transfers';
import type { TransferService } from './transfers/TransferService';

/** What lives as long as the process. */
export interface UnificationDeps {
  registry: Registry;
  ledger: StockLedger;
  positions: PositionCache;
  health: SourceHealth;
  discrepancies: DiscrepancyStore;
  counts: CycleCountRequests;
  transfers: TransferService;
  transferStore: TransferStore;
  policies: ChannelPolicies;
  /** which system's figure a location follows: stale flags follow that system's health */
  reconcilePolicy: ReconcilePolicy;
  logger: Logger;
}

/** What lives as long as one request. */
export interface UnificationContext extends UnificationDeps {
  identity: Identity;
  skuLoader: DataLoader<string, SkuRecord | null>;
  /** every position of a SKU, packed (as the position cache keeps them); all loads of one request go to the ledger in one round trip */
  positionLoader: DataLoader<string, PackedPositions>;
  /**
   * systems that cannot be reached right now, read once per request and only when a resolver
   * asks: read eagerly, a request that never asked (an entity reference) would leave a failed
   * read unhandled while Redis is away
   */
  downSystems: () => Promise<Set<string>>;
  /** open supply and waiting backorders of a SKU's positions, one ledger round trip per request */
  supplyLoader: DataLoader<string, PositionSupply[]>;
}

/** `readThrough`: SKUs whose positions come from the ledger itself (the gateway is filling its cache, see READ_THROUGH_HEADER). */
export function createContext(deps: UnificationDeps, identity: Identity, opts: { readThrough?: ReadonlySet<string> } = {}): UnificationContext {
  let down: Promise<Set<string>> | null = null;
  return {
    ...deps,
    identity,
    // a SKU outside the caller's assortment does not exist for it, wherever it is asked for
    skuLoader: new DataLoader(async (ids) => {
      await deps.registry.refresh();
      return ids.map((id) => (canSeeSku(identity, id) ? deps.registry.sku(id) ?? null : null));
    }),
    positionLoader: new DataLoader((skus) => deps.positions.positionsForSkus(skus, opts.readThrough)),
    downSystems: () => (down ??= deps.health.all().then((m) => new Set([...m.values()].filter((h) => !h.up).map((h) => h.system)))),
    supplyLoader: new DataLoader((skus) => deps.ledger.getSupply(skus)),
  };
}
