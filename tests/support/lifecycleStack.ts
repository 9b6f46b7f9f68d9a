import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RedisClient as Redis } from '@stockgraph/shared/redis';
import type { StockLedger } from '@stockgraph/shared';
import { createStores } from '@stockgraph/shared/stores';
import { Registry } from '@stockgraph/shared/registry';
import { createRedisClient } from '@stockgraph/shared/redis';
import { connectTestRedis } from '@stockgraph/shared/testing';
import { OmsClient } from '@stockgraph/oms';
import { startSeparateStack, type SeparateStack } from '../../scripts/separateStack';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { demoKey, startTestStack } from './startTestStack';

export type StackKind = 'one-process' | 'separate';
export const STACK_KINDS: readonly StackKind[] = ['one-process', 'separate'];

/**
 * The whole system on real Redis either in one process (scripts/stack.ts) or with every subgraph,
 * the simulators and the gateway in processes of their own (scripts/separateStack.ts), seen the
 * same way by a test: the gateway's URL, the ledger and registry read from Redis, the legacy OMS.
 */
export interface LifecycleStack {
  kind: StackKind;
  url: string;
  ledger: StockLedger;
  registry: Registry;
  /** the legacy OMS itself (for what is done there directly, and to check what reached it) */
  oms: OmsClient;
  /** the legacy OMS's base URL */
  omsUrl: string;
  /** every legacy simulator's base URL */
  legacyUrls: { erp: string; wms: string; pos: string; oms: string };
  redis: Redis;
  prefix: string;
  /** the OMS subgraph's event poll interval */
  pollMs: number;
  /** the separate stack, to kill and respawn its processes (null in one process) */
  separate: SeparateStack | null;
  close(): Promise<void>;
}

const POLL_MS = 250;
/**
 * The tests check what 200 concurrent mutations leave behind, not how fast they are answered: on
 * a shared two-core machine a burst's last answers come after several seconds, past the default
 * 10-s subgraph deadline when other suites run beside it.
 */
const SUBGRAPH_TIMEOUT_MS = 60_000;

export async function startLifecycleStack(name: string, kind: StackKind): Promise<LifecycleStack> {
  if (kind === 'one-process') {
    const t = await startTestStack(name, 'redis', { omsPollMs: POLL_MS, reconcileMs: 0, planningSeedDays: 0, gateway: { subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS } });
    const redis = createRedisClient(t.redis!.url);
    return {
      kind, url: t.url, ledger: t.stack.platform.stores.ledger, registry: t.stack.platform.registry, oms: t.stack.clients.oms, omsUrl: t.stack.simulators!.urls.oms,
      legacyUrls: t.stack.simulators!.urls, redis, prefix: t.redis!.prefix, pollMs: POLL_MS, separate: null,
      async close() { redis.disconnect(); await t.close(); },
    };
  }
  const test = await connectTestRedis(name);
  const logDir = mkdtempSync(join(tmpdir(), `sg-${name}-`));
  const keys = ['order-management', 'storefront'].map((c) => demoKey(c as 'order-management'));
  let s: SeparateStack | null = null;
  try {
    s = await startSeparateStack({
      redisUrl: test.url, keyPrefix: test.prefix, signingSecret: randomBytes(32).toString('hex'), webhookSecret: 'lifecycle-webhook-secret',
      logDir, gatewayAuth: () => ({ apiKeys: Object.fromEntries(keys.map((k) => [k, DEMO_API_KEYS[k]!])), assortments: {} }),
      gatewayEnv: { RATE_LIMIT_ENABLED: 'false', SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS) },
      subgraphEnv: { oms: { OMS_POLL_MS: String(POLL_MS), RECONCILE_MS: '0' } },
    });
    const stores = await createStores(test.url, { prefix: test.prefix });
    const registry = new Registry(stores.kv);
    await registry.waitUntilReady(30_000);
    const redis = createRedisClient(test.url);
    const stack = s;
    return {
      kind, url: s.gatewayUrl, ledger: stores.ledger, registry, oms: new OmsClient({ baseUrl: s.legacyUrls.oms, timeoutMs: 10_000 }), omsUrl: s.legacyUrls.oms,
      legacyUrls: s.legacyUrls, redis, prefix: test.prefix, pollMs: POLL_MS, separate: s,
      async close() {
        redis.disconnect();
        await stores.close();
        await stack.close();
        await test.cleanup();
        rmSync(logDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await s?.close();
    await test.cleanup();
    throw err;
  }
}
