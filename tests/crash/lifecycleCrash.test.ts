import type { RedisClient as Redis } from '@stockgraph/shared/redis';
import type { Location, StockLedger } from '@stockgraph/shared';
import type { OmsClient } from '@stockgraph/oms';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { startStack, type Stack } from '../../scripts/stack';
import { contractOperation } from '../support/contract';
import { auditLedger } from '../support/ledgerAudit';
import { startLifecycleStack, type LifecycleStack } from '../support/lifecycleStack';
import { CONFIRM_FULFILLMENT, CREATE_RETURN, placeStock, positionOf, routeOrder } from '../support/omsOps';
import { startRedisProcess, type RedisProcess } from '../support/redisProcess';
import { demoKey } from '../support/startTestStack';

/*
 * Cancels and returns across a kill -9: of Redis (AOF, fsync always; one-process stack) and of
 * the OMS subgraph (every part its own process). A client retries what failed with the same
 * keys once the part is back. Afterwards every cancel and every return is in the legacy OMS
 * once, every cancelled hold is released, every returned unit restocked once, and every
 * reserved unit belongs to exactly one ACTIVE hold.
 */

jest.setTimeout(300_000);

const CANCEL_ORDER = contractOperation('lifecycle.graphql', 'CancelOrder');
const ops = demoKey('order-management');
const N = 30;

interface Env { url: string; omsUrl: string; ledger: StockLedger; oms: OmsClient; redis: () => Redis; prefix: string; dcs: Location[]; store: Location; skus: string[] }
type Outcome = 'ok' | 'retry' | string;
interface Call { what: 'cancel' | 'return'; i: number; input: Record<string, unknown>; outcome?: Outcome }

async function send(env: Env, c: Call): Promise<Outcome> {
  const [query, field] = c.what === 'cancel' ? [CANCEL_ORDER, 'cancelOrder'] : [CREATE_RETURN, 'createReturn'];
  try {
    const res = await fetch(env.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ops },
      body: JSON.stringify({ query, variables: { input: c.input } }), signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json()) as { data?: Record<string, { userErrors: { code: string }[] }> | null; errors?: unknown[] };
    if (body.errors?.length || !body.data?.[field]) return 'retry';
    const codes = body.data[field]!.userErrors.map((e) => e.code);
    if (codes.length === 0) return 'ok';
    // a key whose first attempt died with the part that ran it is in flight until its claim lapses
    return codes.includes('IDEMPOTENCY_IN_FLIGHT') ? 'retry' : codes.join();
  } catch {
    return 'retry';
  }
}

/** Routes N orders to cancel and N shipped orders to return; answers the calls of the burst. */
async function prepare(env: Env, tag: string): Promise<Call[]> {
  const [X, Y] = env.skus;
  for (const k of [X!, Y!]) await placeStock(env.ledger, k, Object.fromEntries(env.dcs.map((d) => [d.id, 200])));
  const calls: Call[] = [];
  for (let i = 0; i < N; i++) {
    await routeOrder(env.url, ops, { orderId: `${tag}-C-${i}`, channel: 'DTC', destination: env.dcs[i % env.dcs.length]!.geo, lines: [{ sku: X, quantity: 2 }] });
    const r = await routeOrder(env.url, ops, { orderId: `${tag}-R-${i}`, channel: 'DTC', destination: env.dcs[i % env.dcs.length]!.geo, lines: [{ sku: Y, quantity: 2 }] });
    for (const sh of r.plan!.shipments) await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ops }, body: JSON.stringify({ query: CONFIRM_FULFILLMENT, variables: { input: { shipmentId: sh.id } } }) });
    calls.push({ what: 'cancel', i, input: { orderId: `${tag}-C-${i}`, reason: 'crash test', idempotencyKey: `${tag}-cx-${i}` } });
    calls.push({ what: 'return', i, input: { orderId: `${tag}-R-${i}`, channel: 'DTC', returnLocationId: env.store.id, lines: [{ sku: Y, quantity: 1, condition: 'NEW' }], idempotencyKey: `${tag}-rx-${i}` } });
  }
  return calls;
}

const omsLatency = (env: Env, latencyMs: number) =>
  fetch(`${env.omsUrl}/admin/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });

/**
 * The burst with a crash after `killAfter` answers; then every failed call retried with its key
 * until it lands. The legacy OMS answers slowly meanwhile, so the crash finds calls waiting on it:
 * their OMS write lands while the part that made it is dead, the case a retry must not count twice.
 */
async function burst(env: Env, calls: Call[], crash: () => Promise<void>, killAfter = 10): Promise<{ failedFirst: number }> {
  await omsLatency(env, 400);
  let next = 0;
  let done = 0;
  const crashed = (async () => {
    while (done < killAfter) await new Promise((r) => setTimeout(r, 5));
    await crash();
  })();
  const worker = async () => {
    while (next < calls.length) {
      const c = calls[next++]!;
      c.outcome = await send(env, c);
      done++;
    }
  };
  await Promise.all([crashed, ...Array.from({ length: 6 }, worker)]);
  await omsLatency(env, 0);
  const failedFirst = calls.filter((c) => c.outcome !== 'ok').length;
  for (const until = Date.now() + 90_000; calls.some((c) => c.outcome === 'retry') && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const c of calls.filter((x) => x.outcome === 'retry')) c.outcome = await send(env, c);
  }
  return { failedFirst };
}

async function verify(env: Env, tag: string, calls: Call[], storeOnHandBefore: number): Promise<void> {
  const [X, Y] = env.skus;
  expect(calls.filter((c) => c.outcome !== 'ok').map((c) => `${c.what} ${c.i}: ${c.outcome}`)).toEqual([]);
  const byExternal = new Map<string, Awaited<ReturnType<OmsClient['listOrders']>>[number]>();
  for (const status of ['OPEN', 'PARTIALLY_FULFILLED', 'FULFILLED', 'CANCELLED', 'PARTIALLY_CANCELLED'] as const) {
    for (const o of await env.oms.listOrders(status)) if (o.externalId?.startsWith(`${tag}-`)) byExternal.set(o.externalId, o);
  }
  for (let i = 0; i < N; i++) {
    // every cancel once in the OMS; every return once (one unit back of the two shipped)
    expect(byExternal.get(`${tag}-C-${i}`)).toMatchObject({ status: 'CANCELLED', lines: [{ qty: 2, cancelledQty: 2 }] });
    expect(byExternal.get(`${tag}-R-${i}`)!.lines.reduce((n, l) => n + l.returnedQty, 0)).toBe(1);
  }
  // every returned NEW unit restocked at the store exactly once
  expect((await positionOf(env.ledger, Y!, env.store.id)).onHand).toBe(storeOnHandBefore + N);
  // every cancelled hold released, every reserved unit in exactly one ACTIVE hold
  const audit = await auditLedger(env.redis(), env.prefix);
  expect(audit.mismatches).toEqual([]);
  expect(audit.reservations.filter((r) => r.sku === X && r.status === 'ACTIVE')).toEqual([]);
}

describe('kill -9 of Redis (AOF) during cancels and returns', () => {
  let rp: RedisProcess;
  let stack: Stack;
  let raw: Redis | null = null;
  const PREFIX = 'lifecrash:';

  beforeAll(async () => {
    rp = await startRedisProcess();
    stack = await startStack({
      redisUrl: rp.url, keyPrefix: PREFIX, demoKeys: true, wmsPollMs: 0, expirySweepMs: 0, erpBatchMs: 0, omsPollMs: 250, reconcileMs: 0,
      planningSeedDays: 0, gateway: { rateLimit: { enabled: false } }, redisConnect: { maxRetriesPerRequest: 0 },
    });
  });
  afterAll(async () => {
    if (raw) await closeRedis(raw).catch(() => undefined);
    await stack?.close();
    await rp?.cleanup();
  });

  it('loses no acknowledged cancel or return and counts none twice', async () => {
    const reg = stack.platform.registry;
    const dcs = reg.allLocations().filter((l) => l.type === 'DISTRIBUTION_CENTER');
    const store = reg.allLocations().find((l) => l.type === 'STORE' && l.capabilities.includes('RETURNS'))!;
    const env: Env = {
      url: stack.url, omsUrl: stack.simulators!.urls.oms, ledger: stack.platform.stores.ledger, oms: stack.clients.oms, prefix: PREFIX, dcs, store,
      skus: reg.skuIds().filter((x) => reg.localCode(x, 'OMS')).slice(20, 22),
      redis: () => (raw ??= createRedisClient(rp.url)),
    };
    const calls = await prepare(env, 'RK');
    const before = (await positionOf(env.ledger, env.skus[1]!, store.id)).onHand;
    const { failedFirst } = await burst(env, calls, async () => {
      await rp.kill9();
      await new Promise((r) => setTimeout(r, 1500));
      await rp.restart();
    });
    expect(failedFirst).toBeGreaterThan(0);
    await verify(env, 'RK', calls, before);
  });
});

describe('kill -9 of the OMS subgraph during cancels and returns (every part its own process)', () => {
  let s: LifecycleStack;
  beforeAll(async () => { s = await startLifecycleStack('lifecycle-crash-oms', 'separate'); });
  afterAll(async () => { await s?.close(); });

  it('loses no acknowledged cancel or return and counts none twice', async () => {
    const dcs = s.registry.allLocations().filter((l) => l.type === 'DISTRIBUTION_CENTER');
    const store = s.registry.allLocations().find((l) => l.type === 'STORE' && l.capabilities.includes('RETURNS'))!;
    const env: Env = {
      url: s.url, omsUrl: s.omsUrl, ledger: s.ledger, oms: s.oms, prefix: s.prefix, dcs, store,
      skus: s.registry.skuIds().filter((x) => s.registry.localCode(x, 'OMS')).slice(22, 24), redis: () => s.redis,
    };
    const calls = await prepare(env, 'OK');
    const before = (await positionOf(env.ledger, env.skus[1]!, store.id)).onHand;
    const sep = s.separate!;
    const { failedFirst } = await burst(env, calls, async () => {
      process.kill(sep.processes.oms!.pid, 'SIGKILL');
      await sep.processes.oms!.exited;
      await new Promise((r) => setTimeout(r, 500));
      await sep.respawn('oms');
    });
    expect(failedFirst).toBeGreaterThan(0);
    await verify(env, 'OK', calls, before);
  });
});
