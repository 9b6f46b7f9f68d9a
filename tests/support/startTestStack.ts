import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import { createLogger } from '@stockgraph/shared/logger';
import { createPlatform, type Platform } from '@stockgraph/shared/platform';
import { startSimulators, type RunningSimulators, type World } from '@stockgraph/simulators';
import { ErpClient } from '@stockgraph/erp';
import { WmsClient } from '@stockgraph/wms';
import { PosClient } from '@stockgraph/pos';
import { OmsClient } from '@stockgraph/oms';
import { FeedCursor } from '@stockgraph/shared/feeds';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { waitFor } from './waitFor';
import { startSeparateStack, type SeparateStack, type SeparateSubgraph } from '../../scripts/separateStack';
import { startStack, type Stack, type StackOptions } from '../../scripts/stack';

export type StoreKind = 'memory' | 'redis';
/** 'separate': every subgraph and the gateway in processes of their own on Redis, as production runs them */
export type StackKind = StoreKind | 'separate';

export interface TestStack {
  /** the one-process stack's wiring (apps, subgraphs); throws on a separate-process stack */
  stack: Stack;
  /** stores, registry and services on this stack's stores, from the test's own process (either kind) */
  platform: Platform;
  clients: Stack['clients'];
  /** the simulated legacy systems, in the test's process (either kind) */
  simulators: RunningSimulators;
  /** the seeded retailer the simulators serve (their state at start; they keep their own copy) */
  world: World;
  /** the gateway's GraphQL endpoint */
  url: string;
  kind: StackKind;
  /** Redis URL and key prefix of this stack (redis and separate) */
  redis: { url: string; prefix: string } | null;
  /** the processes of a separate stack (kill, respawn), null for one process */
  separate: SeparateStack | null;
  /** runs the ERP batch now (one process); on a separate stack the ERP subgraph runs it every 500 ms, so this waits one period */
  runErpBatch(): Promise<void>;
  /** reads the OMS event feed to its end now (one process), or waits until the OMS subgraph's poller has (separate) */
  pollOmsEvents(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole system on free ports with the demo API keys and no rate limit: as `npm start` wires
 * it in one process ('memory', 'redis'), or each subgraph and the gateway as its own process on
 * Redis ('separate', scripts/separateStack.ts), the simulators staying in the test's process.
 * Redis stacks get a key prefix of their own, deleted on close. Feeds are driven by the tests
 * (no WMS poller, no expiry sweeper, no periodic ERP batch in one process) unless the options
 * say otherwise.
 */
export async function startTestStack(name: string, kind: StackKind = 'redis', opts: StackOptions = {}, separateEnv: SeparateEnv = {}): Promise<TestStack> {
  if (kind === 'separate') return startSeparateTestStack(name, opts, separateEnv);
  let testRedis: TestRedis | null = null;
  if (kind === 'redis') testRedis = await connectTestRedis(name);
  let stack: Stack;
  try {
    stack = await startStack({
      demoKeys: true,
      wmsPollMs: 0,
      expirySweepMs: 0,
      erpBatchMs: 0,
      ...opts,
      redisUrl: testRedis?.url,
      keyPrefix: testRedis?.prefix,
      gateway: { ...opts.gateway, rateLimit: { enabled: false, ...opts.gateway?.rateLimit } },
    });
  } catch (err) {
    await testRedis?.cleanup();
    throw err;
  }
  if (!stack.simulators) throw new Error('startTestStack needs the simulators in process');
  const simulators = stack.simulators;
  return {
    stack,
    platform: stack.platform,
    clients: stack.clients,
    simulators,
    world: simulators.world,
    url: stack.url,
    kind,
    redis: testRedis ? { url: testRedis.url, prefix: testRedis.prefix } : null,
    separate: null,
    runErpBatch: async () => { await stack.apps.erp.runBatch(); },
    pollOmsEvents: async () => { await stack.apps.oms.events.poll(); },
    async close() {
      await stack.close();
      await testRedis?.cleanup();
    },
  };
}

const ERP_BATCH_MS_SEPARATE = 500;

/** extra settings of a separate stack's subgraph processes (e.g. STREAM_KILL_BEFORE_ACK) */
export type SeparateEnv = Partial<Record<SeparateSubgraph, Record<string, string>>>;

async function startSeparateTestStack(name: string, o: StackOptions, extra: SeparateEnv): Promise<TestStack> {
  const testRedis = await connectTestRedis(name);
  const logger = o.logger ?? createLogger('test-stack', 'error');
  const closers: (() => Promise<unknown>)[] = [async () => testRedis.cleanup()];
  const close = async () => { for (const c of closers.splice(0).reverse()) await c().catch(() => undefined); };
  try {
    const simulators = await startSimulators({ seed: o.seed, size: o.size, logger: logger.child({ component: 'simulators' }) });
    closers.push(() => simulators.close());
    const logDir = mkdtempSync(join(tmpdir(), `sg-${name}-`));
    closers.push(async () => rmSync(logDir, { recursive: true, force: true }));
    const signingSecret = randomBytes(32).toString('hex');
    const ms = (v: number | undefined, def: number) => String(v ?? def);
    const separate = await startSeparateStack({
      redisUrl: testRedis.url, keyPrefix: testRedis.prefix, signingSecret, webhookSecret: o.webhookSecret ?? 'stockgraph-dev-webhook-secret',
      logDir, legacyUrls: simulators.urls, logLevel: 'warn',
      gatewayAuth: (skuIds) => ({ apiKeys: DEMO_API_KEYS, assortments: { acme: skuIds.filter((_, i) => i % 2 === 0) } }),
      gatewayEnv: { RATE_LIMIT_ENABLED: 'false' },
      // a crashed consumer's entries are taken over after a second (production: 30 s)
      allSubgraphsEnv: { STREAM_CLAIM_IDLE_MS: '1000' },
      subgraphEnv: {
        // a test cannot poll another process's feed by hand: the poller runs, pollOmsEvents waits for it
        oms: { OMS_POLL_MS: o.omsPollMs === 0 ? '200' : ms(o.omsPollMs, 1000), RECONCILE_MS: ms(o.reconcileMs, 60_000), EXPIRY_SWEEP_MS: ms(o.expirySweepMs, 0), ...extra.oms },
        wms: { WMS_POLL_MS: ms(o.wmsPollMs, 0), ...extra.wms },
        erp: { ERP_BATCH_MS: String(ERP_BATCH_MS_SEPARATE), ...extra.erp },
        planning: { PLANNING_SEED_DAYS: ms(o.planningSeedDays, 0), PLANNING_SEED: String(o.seed ?? 42), ...extra.planning },
        pos: { ...extra.pos },
        unification: { ...extra.unification },
      },
    });
    closers.push(() => separate.close());
    const platform = await createPlatform({ redisUrl: testRedis.url, identitySecret: signingSecret, logger, stores: { prefix: testRedis.prefix } });
    closers.push(() => platform.close());
    await platform.registry.waitUntilReady(10_000);
    const timeoutMs = 5000;
    const clients = {
      erp: new ErpClient({ baseUrl: simulators.urls.erp, timeoutMs, logger }),
      wms: new WmsClient({ baseUrl: simulators.urls.wms, timeoutMs, logger }),
      pos: new PosClient({ baseUrl: simulators.urls.pos, timeoutMs, logger }),
      oms: new OmsClient({ baseUrl: simulators.urls.oms, timeoutMs, logger }),
    };
    return {
      get stack(): Stack { throw new Error('a separate-process stack has no in-process wiring: use platform, clients, simulators or separate'); },
      platform,
      clients,
      simulators,
      world: simulators.world,
      url: separate.gatewayUrl,
      kind: 'separate',
      redis: { url: testRedis.url, prefix: testRedis.prefix },
      separate,
      runErpBatch: () => new Promise((r) => setTimeout(r, 2 * ERP_BATCH_MS_SEPARATE)),
      async pollOmsEvents() {
        const cursor = new FeedCursor(platform.stores.kv, 'oms-events');
        let end = await cursor.get();
        for (;;) {
          const page = await clients.oms.readEvents(end, 500);
          end = page.lastSeq;
          if (!page.more) break;
        }
        await waitFor(() => cursor.get(), (at) => at >= end, { what: 'the OMS subgraph reading its event feed to the end' });
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** For tests that do not exercise the OMS: no event poller, no holds ↔ allocations reconciliation. */
export const QUIET_OMS = { omsPollMs: 0, reconcileMs: 0 } as const;

/** The demo API key of a client (scripts/demoKeys.ts), by its client id. */
export function demoKey(clientId: 'storefront' | 'clienteling' | 'order-management' | 'planner' | 'acme-marketplace'): string {
  const hit = Object.entries(DEMO_API_KEYS).find(([, c]) => c.clientId === clientId);
  if (!hit) throw new Error(`no demo key for ${clientId}`);
  return hit[0];
}
