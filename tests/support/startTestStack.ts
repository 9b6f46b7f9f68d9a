import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import type { World } from '@stockgraph/simulators';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { startStack, type Stack, type StackOptions } from '../../scripts/stack';

export type StoreKind = 'memory' | 'redis';

export interface TestStack {
  stack: Stack;
  /** the seeded retailer the simulators serve (their state at start; they keep their own copy) */
  world: World;
  /** the gateway's GraphQL endpoint */
  url: string;
  kind: StoreKind;
  /** Redis URL and key prefix of this stack (redis only) */
  redis: { url: string; prefix: string } | null;
  close(): Promise<void>;
}

/**
 * The whole system on free ports, as `npm start` wires it, with the demo API keys and no rate
 * limit. Redis stacks get a key prefix of their own, deleted on close. Feeds are driven by the
 * tests (no WMS poller, no expiry sweeper, no periodic ERP batch) unless the options say otherwise.
 */
export async function startTestStack(name: string, kind: StoreKind = 'redis', opts: StackOptions = {}): Promise<TestStack> {
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
  return {
    stack,
    world: stack.simulators.world,
    url: stack.url,
    kind,
    redis: testRedis ? { url: testRedis.url, prefix: testRedis.prefix } : null,
    async close() {
      await stack.close();
      await testRedis?.cleanup();
    },
  };
}

/** For tests that do not exercise the OMS: no event poller, no holds ↔ allocations reconciliation. */
export const QUIET_OMS = { omsPollMs: 0, reconcileMs: 0 } as const;

/** The demo API key of a client (scripts/demoKeys.ts), by its client id. */
export function demoKey(clientId: 'storefront' | 'clienteling' | 'order-management' | 'planner' | 'acme-marketplace'): string {
  const hit = Object.entries(DEMO_API_KEYS).find(([, c]) => c.clientId === clientId);
  if (!hit) throw new Error(`no demo key for ${clientId}`);
  return hit[0];
}
