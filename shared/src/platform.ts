import type { Logger } from './logger';
import type { SubgraphIdentityOptions } from './auth/verifyRequestIdentity';
import { createStores, type Stores, type StoresOptions } from './stores';
import { Registry } from './registry/Registry';
import { SourceHealth } from './health/SourceHealth';
import { DiscrepancyStore } from './reconcile/DiscrepancyStore';
import { DEFAULT_RECONCILE_POLICY, SnapshotReconciler, type ReconcilePolicy } from './reconcile/SnapshotReconciler';
import { IdempotencyStore } from './idempotency/IdempotencyStore';

/** What every deployable shares: the stores and the services built on them. */
export interface Platform {
  stores: Stores;
  registry: Registry;
  health: SourceHealth;
  discrepancies: DiscrepancyStore;
  reconciler: SnapshotReconciler;
  idempotency: IdempotencyStore;
  /** the system of record per location type (RECONCILE_POLICY), for every reader of it */
  reconcilePolicy: ReconcilePolicy;
  logger: Logger;
  /** the gateway's identity signing secret, which every subgraph verifies */
  identitySecret: string;
  /** how each subgraph of this platform knows its caller: the secret and, for a router in front, JWT settings */
  identity: SubgraphIdentityOptions;
  close(): Promise<void>;
}

export async function createPlatform(opts: { redisUrl?: string; identitySecret: string; identityJwt?: SubgraphIdentityOptions['identityJwt']; logger: Logger; reconcilePolicy?: ReconcilePolicy; stores?: StoresOptions }): Promise<Platform> {
  const stores = await createStores(opts.redisUrl, { logger: opts.logger, ...opts.stores });
  const registry = new Registry(stores.kv);
  const discrepancies = new DiscrepancyStore(stores.kv);
  const reconcilePolicy = opts.reconcilePolicy ?? DEFAULT_RECONCILE_POLICY;
  return {
    stores,
    registry,
    health: new SourceHealth(stores.kv),
    discrepancies,
    reconciler: new SnapshotReconciler({
      ledger: stores.ledger, discrepancies, policy: reconcilePolicy,
      locationType: (id) => registry.location(id)?.type, logger: opts.logger,
    }),
    idempotency: new IdempotencyStore(stores.kv),
    reconcilePolicy,
    logger: opts.logger,
    identitySecret: opts.identitySecret,
    identity: { identitySecret: opts.identitySecret, identityJwt: opts.identityJwt ?? null },
    close: () => stores.close(),
  };
}
