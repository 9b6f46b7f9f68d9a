/**
 * The whole system in one process: simulated legacy systems, every subgraph and the gateway,
 * sharing one platform (in-process stores, or Redis with REDIS_URL). `npm start`, the
 * integration tests and the benchmarks all start it through here, so they run the same wiring.
 * In production each subgraph runs alone from its own src/main.ts instead.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '@stockgraph/shared';
import { createLogger } from '@stockgraph/shared/logger';
import { createPlatform, type Platform } from '@stockgraph/shared/platform';
import { DEFAULT_CHANNEL_POLICIES, type ChannelPolicies } from '@stockgraph/shared/availability';
import type { ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { RunningServer } from '@stockgraph/shared/http';
import { startSimulators, type RunningSimulators, type SimulatorSize } from '@stockgraph/simulators';
import { ErpClient } from '@stockgraph/erp';
import { WmsClient } from '@stockgraph/wms';
import { PosClient } from '@stockgraph/pos';
import { OmsClient } from '@stockgraph/oms';
import { createUnificationApp, type UnificationApp } from '@stockgraph/unification';
import { createErpApp, type ErpApp } from '@stockgraph/erp';
import { createWmsApp, type WmsApp } from '@stockgraph/wms';
import { createPosApp, type PosApp } from '@stockgraph/pos';
import { createOmsApp, type OmsApp } from '@stockgraph/oms';
import { createPlanningApp, type PlanningApp } from '@stockgraph/planning';
import type { RoutingConfig } from '@stockgraph/oms';
import type { RedisConnectOptions } from '@stockgraph/shared/redis';
import type { SubgraphIdentityOptions } from '@stockgraph/shared/auth';
import type { ReplicaAck } from '@stockgraph/shared/redis';
import { POS_WEBHOOK_PATH } from '@stockgraph/pos';
import { createGatewayServer, type GatewayServer } from '@stockgraph/gateway';
import type { GatewayConfigOverrides } from '@stockgraph/gateway';
import { DEMO_API_KEYS } from './demoKeys';

export const SUBGRAPHS = ['unification', 'erp', 'wms', 'pos', 'oms', 'planning'] as const;
/** the ERP is a nightly-batch system: re-reading it every 15 minutes catches intraday PO changes */
export const DEFAULT_ERP_BATCH_MS = 15 * 60_000;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export interface StackOptions {
  redisUrl?: string;
  /** Redis key prefix (tests give each run its own) */
  keyPrefix?: string;
  seed?: number;
  size?: SimulatorSize;
  host?: string;
  ports?: Partial<Record<SubgraphName | 'gateway', number>> & { simulators?: { erp?: number; wms?: number; pos?: number; oms?: number } };
  /** legacy system URLs when the simulators run elsewhere; otherwise they start here */
  legacyUrls?: { erp: string; wms: string; pos: string; oms: string };
  policies?: ChannelPolicies;
  /** the system of record per location type (default DEFAULT_RECONCILE_POLICY) */
  reconcilePolicy?: ReconcilePolicy;
  gateway?: GatewayConfigOverrides;
  /** WMS delta feed polling interval; 0 = no poller (tests poll by hand) */
  wmsPollMs?: number;
  expirySweepMs?: number;
  /** how long a pickup ready at the store waits to be collected before it is cancelled (OMS default 72 h) */
  omsPickupWindowMs?: number;
  /** the OMS subgraph's routing cost model and policies (default DEFAULT_ROUTING_CONFIG) */
  omsRouting?: RoutingConfig;
  /** Redis connection behaviour of the platform's stores (timeouts, retries per command, reconnect) */
  redisConnect?: RedisConnectOptions;
  /** durable acknowledgement of stock writes (REDIS_ACK_REPLICAS, REDIS_ACK_TIMEOUT_MS) */
  replicaAck?: ReplicaAck;
  /** OMS event feed polling interval; 0 = no poller */
  omsPollMs?: number;
  /** holds ↔ OMS allocations reconciliation interval; 0 = off */
  reconcileMs?: number;
  /** how often the ERP batch (item master, open POs → incoming, plant stock → reconciliation) runs; 0 = only at start */
  erpBatchMs?: number;
  legacyTimeoutMs?: number;
  webhookSecret?: string;
  /** the gateway signs the identity it forwards with this; subgraphs verify it (random per run by default) */
  signingSecret?: string;
  /** subgraphs also accept a bearer JWT with these settings (a router in front; see deploy/) */
  identityJwt?: SubgraphIdentityOptions['identityJwt'];
  /** configure the demo API keys (scripts/demoKeys.ts); the partner's assortment is every other SKU */
  demoKeys?: boolean;
  /** days of seeded synthetic demand history in the planning subgraph (demo; default 365, 0: none) */
  planningSeedDays?: number;
  logger?: Logger;
}

export interface Stack {
  platform: Platform;
  simulators: RunningSimulators | null;
  clients: { erp: ErpClient; wms: WmsClient; pos: PosClient; oms: OmsClient };
  apps: { unification: UnificationApp; erp: ErpApp; wms: WmsApp; pos: PosApp; oms: OmsApp; planning: PlanningApp };
  subgraphs: Record<SubgraphName, RunningServer>;
  gateway: GatewayServer;
  /** the gateway's GraphQL endpoint */
  url: string;
  close(): Promise<void>;
}

export const supergraphSdl = () => readFileSync(resolve(__dirname, '../schema/supergraph.graphql'), 'utf8');

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const logger = o.logger ?? createLogger('stockgraph');
  const host = o.host ?? '127.0.0.1';
  const closers: (() => Promise<unknown> | unknown)[] = [];
  const close = async () => { for (const c of closers.reverse()) await Promise.resolve(c()).catch(() => undefined); };
  try {
    const simulators = o.legacyUrls ? null : await startSimulators({ seed: o.seed, size: o.size, host, ports: o.ports?.simulators, logger: logger.child({ component: 'simulators' }) });
    if (simulators) closers.push(() => simulators.close());
    const urls = o.legacyUrls ?? simulators!.urls;
    const timeoutMs = o.legacyTimeoutMs ?? 5000;
    const clients = {
      erp: new ErpClient({ baseUrl: urls.erp, timeoutMs, logger }),
      wms: new WmsClient({ baseUrl: urls.wms, timeoutMs, logger }),
      pos: new PosClient({ baseUrl: urls.pos, timeoutMs, logger }),
      oms: new OmsClient({ baseUrl: urls.oms, timeoutMs, logger }),
    };
    const signingSecret = o.signingSecret ?? randomBytes(32).toString('hex');
    const platform = await createPlatform({ redisUrl: o.redisUrl, identitySecret: signingSecret, identityJwt: o.identityJwt, logger, reconcilePolicy: o.reconcilePolicy, stores: { ...o.redisConnect, prefix: o.keyPrefix, replicaAck: o.replicaAck } });
    closers.push(() => platform.close());
    const policies = o.policies ?? DEFAULT_CHANNEL_POLICIES;
    const webhookSecret = o.webhookSecret ?? 'stockgraph-dev-webhook-secret';

    const apps = {
      unification: createUnificationApp(platform, { policies, clients }),
      erp: createErpApp(platform, { client: clients.erp }),
      wms: createWmsApp(platform, { client: clients.wms }),
      oms: createOmsApp(platform, { client: clients.oms, policies, pickupWindowMs: o.omsPickupWindowMs, routing: o.omsRouting }),
      planning: createPlanningApp(platform, { policies }),
      pos: createPosApp(platform, { client: clients.pos, webhookSecret }),
    };
    closers.push(() => apps.unification.close());
    closers.push(() => apps.planning.close());
    // Consumers of the durable streams. Entries appended before a consumer group exists are read
    // too (a group starts at the first retained entry), so this order is for tidiness only.
    await apps.planning.listen();
    closers.push(await apps.oms.startTillReturnJoin());

    // Start-up order: the registry first (every feed translates through it), then stock.
    await apps.unification.sync.run();
    await apps.wms.loadSnapshots();
    await apps.wms.feed.poll();
    await apps.pos.loadSnapshots();
    await apps.erp.runBatch();
    await apps.oms.events.poll();
    await apps.oms.publishOrderHistory().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'OMS order history not reported to planning'));
    const planningSeedDays = o.planningSeedDays ?? 365;
    if (planningSeedDays > 0) await apps.planning.seed(o.seed ?? 42, planningSeedDays);

    const subgraphs = {} as Record<SubgraphName, RunningServer>;
    for (const name of SUBGRAPHS) {
      subgraphs[name] = await apps[name].start({ port: o.ports?.[name] ?? 0, host });
      closers.push(() => subgraphs[name].close());
    }
    // Without the webhook no till sale reaches the ledger. A till call is never retried by the
    // client (a retried sale would ring twice); registering a receiver again is harmless.
    for (let attempt = 1; ; attempt++) {
      try {
        await clients.pos.registerWebhook(subgraphs.pos.url.replace(/\/graphql$/, POS_WEBHOOK_PATH), webhookSecret);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
    if (o.wmsPollMs !== 0) closers.push(apps.wms.startPolling(o.wmsPollMs ?? 1000));
    if (o.omsPollMs !== 0) closers.push(apps.oms.startEventPolling(o.omsPollMs ?? 1000));
    if (o.reconcileMs !== 0) closers.push(apps.oms.startReconciling(o.reconcileMs ?? 60_000));
    if (o.expirySweepMs !== 0) closers.push(apps.oms.startExpirySweeper(o.expirySweepMs ?? 1000));
    if (o.erpBatchMs !== 0) closers.push(apps.erp.startBatching(o.erpBatchMs ?? DEFAULT_ERP_BATCH_MS));

    const auth = { signingSecret, ...o.gateway?.auth };
    if (o.demoKeys) {
      auth.apiKeys = { ...DEMO_API_KEYS, ...auth.apiKeys };
      auth.assortments = { acme: platform.registry.skuIds().filter((_, i) => i % 2 === 0), ...auth.assortments };
    }
    const gateway = await createGatewayServer({
      supergraphSdl: supergraphSdl(),
      subgraphUrls: Object.fromEntries(SUBGRAPHS.map((n) => [n, subgraphs[n].url])),
      // the demo's console starts with the key that may do everything it shows
      // the position cache answers availability with the subgraphs' own policies
      config: {
        ...(o.demoKeys ? { consoleDefaultKey: 'demo-order-management-key' } : {}), channelPolicies: policies, reconcilePolicy: platform.reconcilePolicy, ...o.gateway, auth,
      },
      logger: logger.child({ component: 'gateway' }),
      port: o.ports?.gateway ?? 0,
      host,
      stores: platform.stores,
    });
    closers.push(() => gateway.close());
    return { platform, simulators, clients, apps, subgraphs, gateway, url: gateway.url, close };
  } catch (err) {
    await close();
    throw err;
  }
}
