/**
 * The system as production runs it: the legacy simulators, each subgraph and the gateway as
 * separate processes on one Redis (scripts/stack.ts is the one-process variant). The benchmarks
 * start it through here. Order: simulators; the subgraphs together (the channel subgraphs wait
 * for the unification subgraph's catalog sync in Redis); then the gateway, whose API keys and
 * assortments may depend on the catalogue just built. With `replicas` and `gateways` it runs
 * several of each (scripts/scaledStack.ts puts a balancer in front of the gateways).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKeyClient } from '@stockgraph/gateway';
import { createStores } from '@stockgraph/shared/stores';
import { redisTargetEnv } from '@stockgraph/shared/redis';
import { Registry } from '@stockgraph/shared/registry';
import { freePorts, spawnProcess, type RunMode, type RunningProcess } from './spawnProcess';
import { GATEWAY_NODE_ARGS } from '@stockgraph/gateway';

export const SEPARATE_SUBGRAPHS = ['unification', 'erp', 'wms', 'pos', 'oms', 'planning'] as const;
export type SeparateSubgraph = (typeof SEPARATE_SUBGRAPHS)[number];
type Name = SeparateSubgraph;

export interface GatewayAuth {
  apiKeys: Record<string, ApiKeyClient>;
  assortments: Record<string, string[]>;
}

export interface SeparateStackOptions {
  redisUrl: string;
  /** Redis key prefix of every process (no braces) */
  keyPrefix: string;
  seed?: number;
  size?: 'default' | 'bench';
  /** extra simulator settings (SIM_PRODUCTS, SIM_DCS, SIM_STORES… override the size) */
  simulatorEnv?: Record<string, string>;
  /** legacy systems already running (e.g. simulators in the test's own process): none is spawned */
  legacyUrls?: { erp: string; wms: string; pos: string; oms: string };
  /** extra settings of every subgraph process (e.g. STREAM_CLAIM_IDLE_MS) */
  allSubgraphsEnv?: Record<string, string>;
  signingSecret: string;
  webhookSecret: string;
  /** one <name>.log per process, and the gateway's key files */
  logDir: string;
  logLevel?: string;
  host?: string;
  /** API keys and assortments of the gateway, from the catalogue's SKU ids */
  gatewayAuth?: (skuIds: readonly string[]) => GatewayAuth;
  /** extra gateway settings (e.g. RATE_LIMIT_ENABLED) */
  gatewayEnv?: Record<string, string>;
  /** node options of the stack's gateways, after GATEWAY_NODE_ARGS (so a later one wins: e.g. --max-semi-space-size=16) */
  gatewayNodeArgs?: string[];
  /** run the TypeScript through tsx (default) or the bundles of `npm run build`, as production does */
  mode?: RunMode;
  /** extra settings per subgraph (e.g. the OMS's OMS_POLL_MS) */
  subgraphEnv?: Partial<Record<Name, Record<string, string>>>;
  /** processes per subgraph (default 1): the gateways call them in turn (SUBGRAPH_<NAME>_URL lists them all) */
  replicas?: number;
  /** processes of the subgraphs named, over `replicas` */
  replicasOf?: Partial<Record<Name, number>>;
  /** gateway processes (default 1), each on its own port */
  gateways?: number;
  /** how long a subgraph may take to load its snapshots and answer /health (default 5 minutes) */
  readyTimeoutMs?: number;
}

export interface SeparateStack {
  legacyUrls: { erp: string; wms: string; pos: string; oms: string };
  /** the first replica of each subgraph */
  subgraphUrls: Record<Name, string>;
  /** every replica of each subgraph */
  replicaUrls: Record<Name, string[]>;
  /** the first gateway */
  gatewayUrl: string;
  /** every gateway */
  gatewayUrls: string[];
  skuIds: readonly string[];
  processes: Record<string, RunningProcess>;
  /** the environment a gateway process needs (subgraph URLs, secret, key files) */
  gatewayEnv: Record<string, string>;
  /** another gateway/src/main.ts process on these subgraphs (e.g. under --cpu-prof) */
  spawnGateway(name: string, opts?: { env?: Record<string, string>; nodeArgs?: string[] }): Promise<RunningProcess & { url: string }>;
  /** starts a subgraph (its first replica, or the one numbered) again, on the same port with the same settings (after a kill), plus `env` */
  respawn(name: Name, env?: Record<string, string>, replica?: number): Promise<RunningProcess>;
  close(): Promise<void>;
}

export async function startSeparateStack(o: SeparateStackOptions): Promise<SeparateStack> {
  const host = o.host ?? '127.0.0.1';
  const processes: Record<string, RunningProcess> = {};
  const close = async () => {
    // gateway first, simulators last: nothing is left calling a process that is gone
    for (const p of Object.values(processes).reverse()) await p.stop().catch(() => undefined);
  };
  try {
    const common = { ...redisTargetEnv(o.redisUrl), KEY_PREFIX: o.keyPrefix, GATEWAY_SIGNING_SECRET: o.signingSecret, HOST: host, LOG_LEVEL: o.logLevel ?? 'warn' };
    const names: readonly Name[] = SEPARATE_SUBGRAPHS;
    const count = Object.fromEntries(names.map((n) => [n, Math.max(1, o.replicasOf?.[n] ?? o.replicas ?? 1)])) as Record<Name, number>;
    const [erpPort, wmsPort, posPort, omsPort, ...subgraphPorts] = await freePorts(4 + names.reduce((sum, n) => sum + count[n], 0), host);
    const simPorts = { erp: erpPort!, wms: wmsPort!, pos: posPort!, oms: omsPort! };
    const legacyUrls = o.legacyUrls ?? {
      erp: `http://${host}:${simPorts.erp}`, wms: `http://${host}:${simPorts.wms}`,
      pos: `http://${host}:${simPorts.pos}`, oms: `http://${host}:${simPorts.oms}`,
    };
    if (!o.legacyUrls) processes.simulators = await spawnProcess({
      name: 'simulators', script: 'simulators/src/main.ts', mode: o.mode, logDir: o.logDir,
      env: {
        SIM_HOST: host, SIM_SEED: String(o.seed ?? 42), SIM_SIZE: o.size ?? 'default', LOG_LEVEL: common.LOG_LEVEL,
        ERP_PORT: String(simPorts.erp), WMS_PORT: String(simPorts.wms), POS_PORT: String(simPorts.pos), OMS_PORT: String(simPorts.oms),
        ...o.simulatorEnv,
      },
      healthUrls: Object.values(legacyUrls).map((u) => `${u}/admin/health`),
    });

    // ports[name][i]: replica i + 1 of the subgraph
    const ports = Object.fromEntries(names.map((n) => [n, subgraphPorts.splice(0, count[n])])) as Record<Name, number[]>;
    const legacyEnv = { ERP_URL: legacyUrls.erp, WMS_URL: legacyUrls.wms, POS_URL: legacyUrls.pos, OMS_URL: legacyUrls.oms, LEGACY_TIMEOUT_MS: '10000' };
    const specs: Record<Name, { script: string; portVar: string; env: Record<string, string> }> = {
      unification: { script: 'subgraphs/unification/src/main.ts', portVar: 'UNIFICATION_PORT', env: legacyEnv },
      erp: { script: 'subgraphs/erp/src/main.ts', portVar: 'ERP_SUBGRAPH_PORT', env: legacyEnv },
      wms: { script: 'subgraphs/wms/src/main.ts', portVar: 'WMS_SUBGRAPH_PORT', env: legacyEnv },
      pos: { script: 'subgraphs/pos/src/main.ts', portVar: 'POS_SUBGRAPH_PORT', env: { POS_WEBHOOK_SECRET: o.webhookSecret, ...legacyEnv } },
      oms: { script: 'subgraphs/oms/src/main.ts', portVar: 'OMS_SUBGRAPH_PORT', env: legacyEnv },
      planning: { script: 'subgraphs/planning/src/main.ts', portVar: 'PLANNING_SUBGRAPH_PORT', env: {} },
    };
    const processName = (n: Name, replica: number) => (replica === 1 ? n : `${n}-${replica}`);
    const spawnSubgraph = async (n: Name, extra: Record<string, string> = {}, replica = 1) => {
      const port = ports[n][replica - 1];
      if (port === undefined) throw new RangeError(`${n} has no replica ${replica}`);
      const name = processName(n, replica);
      processes[name] = await spawnProcess({
        name, script: specs[n].script, mode: o.mode, logDir: o.logDir, env: { ...common, ...specs[n].env, [specs[n].portVar]: String(port), ...o.allSubgraphsEnv, ...o.subgraphEnv?.[n], ...extra },
        healthUrls: [`http://${host}:${port}/health`], readyTimeoutMs: o.readyTimeoutMs ?? 300_000,
      });
      return processes[name]!;
    };
    // the first replica of each builds the catalogue and loads the snapshots; the others start on what is there
    await Promise.all(names.map((n) => spawnSubgraph(n)));
    for (let r = 2; r <= Math.max(...names.map((n) => count[n])); r++) await Promise.all(names.filter((n) => count[n] >= r).map((n) => spawnSubgraph(n, {}, r)));
    const replicaUrls = Object.fromEntries(names.map((n) => [n, ports[n].map((p) => `http://${host}:${p}/graphql`)])) as Record<Name, string[]>;
    const subgraphUrls = Object.fromEntries(names.map((n) => [n, replicaUrls[n][0]!])) as Record<Name, string>;

    const skuIds = await readSkuIds(o.redisUrl, o.keyPrefix);
    const auth = o.gatewayAuth?.(skuIds) ?? { apiKeys: {}, assortments: {} };
    const keysFile = join(o.logDir, 'gateway-api-keys.json');
    const assortmentsFile = join(o.logDir, 'gateway-assortments.json');
    writeFileSync(keysFile, JSON.stringify(auth.apiKeys));
    writeFileSync(assortmentsFile, JSON.stringify(auth.assortments));
    const gatewayEnv: Record<string, string> = {
      GATEWAY_MODE: 'production', HOST: host, LOG_LEVEL: common.LOG_LEVEL, GATEWAY_SIGNING_SECRET: o.signingSecret,
      // the stock cache listens to the ledger's change events on the subgraphs' Redis
      ...redisTargetEnv(o.redisUrl), KEY_PREFIX: o.keyPrefix,
      GATEWAY_API_KEYS_FILE: keysFile, GATEWAY_ASSORTMENTS_FILE: assortmentsFile,
      ...Object.fromEntries(names.map((n) => [`SUBGRAPH_${n.toUpperCase()}_URL`, replicaUrls[n].join(',')])),
      ...o.gatewayEnv,
    };
    const spawnGateway = async (name: string, g: { env?: Record<string, string>; nodeArgs?: string[] } = {}) => {
      const [port] = await freePorts(1, host);
      const p = await spawnProcess({
        name, script: 'gateway/src/main.ts', mode: o.mode, logDir: o.logDir, nodeArgs: [...GATEWAY_NODE_ARGS, ...(g.nodeArgs ?? [])],
        env: { ...gatewayEnv, PORT: String(port), ...g.env }, healthUrls: [`http://${host}:${port}/health`],
      });
      processes[name] = p;
      return { ...p, url: `http://${host}:${port}/graphql` };
    };
    const gatewayUrls: string[] = [];
    for (let g = 1; g <= Math.max(1, o.gateways ?? 1); g++) gatewayUrls.push((await spawnGateway(g === 1 ? 'gateway' : `gateway-${g}`, { nodeArgs: o.gatewayNodeArgs })).url);
    return { legacyUrls, subgraphUrls, replicaUrls, gatewayUrl: gatewayUrls[0]!, gatewayUrls, skuIds, processes, gatewayEnv, spawnGateway, respawn: spawnSubgraph, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The catalogue the unification subgraph wrote, read the way every subgraph reads it. */
async function readSkuIds(redisUrl: string, prefix: string): Promise<readonly string[]> {
  const stores = await createStores(redisUrl, { prefix });
  try {
    const registry = new Registry(stores.kv);
    await registry.waitUntilReady(10_000);
    return [...registry.skuIds()];
  } finally {
    await stores.close();
  }
}
