import type { RedisClient as Redis } from '@stockgraph/shared/redis';
import type { Location, StockLedger } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import { PosClient } from '@stockgraph/pos';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { startStack, type Stack } from '../../scripts/stack';
import { contractOperation } from '../support/contract';
import { auditLedger } from '../support/ledgerAudit';
import { startLifecycleStack, type LifecycleStack } from '../support/lifecycleStack';
import { placeStock, positionOf } from '../support/omsOps';
import { startRedisProcess, type RedisProcess } from '../support/redisProcess';
import { demoKey } from '../support/startTestStack';

/*
 * Transfers across a kill -9: of Redis (AOF, fsync always; one-process stack) and of the
 * unification subgraph that runs them (every part its own process). Each of N transfers is
 * created, shipped and received one unit short, every step with its own idempotency key; what
 * failed is retried with the same key once the part is back. Afterwards every transfer is
 * RECEIVED; the source lost exactly what shipped, the destination gained exactly what arrived,
 * nothing is left in transit or held; the stores' POS booked each move once; each transfer's
 * trail lists each of its movements once; every reserved unit belongs to exactly one ACTIVE hold.
 */

jest.setTimeout(300_000);

const STEPS = [
  ['create', contractOperation('lifecycle.graphql', 'CreateTransfer'), 'createTransfer'],
  ['ship', contractOperation('lifecycle.graphql', 'ShipTransfer'), 'shipTransfer'],
  ['receive', contractOperation('lifecycle.graphql', 'ReceiveTransfer'), 'receiveTransfer'],
] as const;
const TRAIL = 'query T($id: ID!) { transfer(id: $id) { status movements(first: 100) { sourceEventId quantity delta } } }';
const ops = demoKey('order-management');
const N = 24;

interface Env { url: string; ledger: StockLedger; registry: Registry; pos: PosClient; redis: () => Redis; prefix: string; from: Location; to: Location; sku: string }
interface Job { i: number; step: number; id: string | null; outcome: 'ok' | 'retry' | string }

async function send(env: Env, job: Job, tag: string): Promise<Job['outcome']> {
  const [what, query, field] = STEPS[job.step]!;
  const input = what === 'create'
    ? { fromLocationId: env.from.id, toLocationId: env.to.id, lines: [{ sku: env.sku, quantity: 2 }], idempotencyKey: `${tag}-c-${job.i}` }
    : what === 'ship' ? { transferId: job.id, idempotencyKey: `${tag}-s-${job.i}` }
      : { transferId: job.id, lines: [{ sku: env.sku, quantity: 1 }], idempotencyKey: `${tag}-r-${job.i}` };
  try {
    const res = await fetch(env.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ops },
      body: JSON.stringify({ query, variables: { input } }), signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json()) as { data?: Record<string, { transfer: { id: string } | null; userErrors: { code: string }[] }> | null; errors?: unknown[] };
    const p = body.data?.[field];
    if (body.errors?.length || !p) return 'retry';
    const codes = p.userErrors.map((e) => e.code);
    if (codes.length === 0) {
      job.id = p.transfer!.id;
      return 'ok';
    }
    return codes.includes('IDEMPOTENCY_IN_FLIGHT') || codes.includes('SOURCE_UNAVAILABLE') ? 'retry' : codes.join();
  } catch {
    return 'retry';
  }
}

/** Every transfer's three steps by 6 workers, a crash after `killAfter` answers, then retries with the same keys. */
async function run(env: Env, tag: string, crash: () => Promise<void>, killAfter = 15): Promise<{ jobs: Job[]; failedFirst: number }> {
  const jobs: Job[] = Array.from({ length: N }, (_, i) => ({ i, step: 0, id: null, outcome: 'retry' }));
  let failedFirst = 0;
  let answers = 0;
  const advance = async (job: Job) => {
    while (job.step < STEPS.length) {
      job.outcome = await send(env, job, tag);
      answers++;
      if (job.outcome !== 'ok') return;
      job.step++;
    }
  };
  let next = 0;
  const crashed = (async () => {
    while (answers < killAfter) await new Promise((r) => setTimeout(r, 5));
    await crash();
  })();
  const worker = async () => { while (next < jobs.length) await advance(jobs[next++]!); };
  await Promise.all([crashed, ...Array.from({ length: 6 }, worker)]);
  failedFirst = jobs.filter((j) => j.step < STEPS.length).length;
  for (const until = Date.now() + 120_000; jobs.some((j) => j.step < STEPS.length && j.outcome === 'retry') && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const j of jobs.filter((x) => x.step < STEPS.length && x.outcome === 'retry')) await advance(j);
  }
  return { jobs, failedFirst };
}

async function posOnHand(env: Env, store: Location): Promise<number> {
  const lines = await env.pos.storeStock(env.registry.locationCode(store.id, 'POS')!);
  return lines.find((l) => l.barcode === env.registry.localCode(env.sku, 'POS'))?.onHand ?? 0;
}

async function scenario(env: Env, tag: string, crash: () => Promise<void>): Promise<void> {
  await placeStock(env.ledger, env.sku, { [env.from.id]: 200, [env.to.id]: 0 });
  const posBefore = [await posOnHand(env, env.from), await posOnHand(env, env.to)];
  const { jobs, failedFirst } = await run(env, tag, crash);
  expect(failedFirst).toBeGreaterThan(0);
  expect(jobs.filter((j) => j.step < STEPS.length).map((j) => `${j.i}@${STEPS[j.step]![0]}: ${j.outcome}`)).toEqual([]);
  // each transfer shipped 2 and received 1: the source lost 2N, the destination gained N, nothing in transit
  const [from, to] = [await positionOf(env.ledger, env.sku, env.from.id), await positionOf(env.ledger, env.sku, env.to.id)];
  expect([from.onHand, from.reserved, to.onHand, to.inTransit ?? 0]).toEqual([200 - 2 * N, 0, N, 0]);
  // each move booked once in each store's POS
  expect([await posOnHand(env, env.from), await posOnHand(env, env.to)]).toEqual([posBefore[0]! - 2 * N, posBefore[1]! + N]);
  // each transfer's own trail: its six movements, each once
  for (const j of jobs) {
    const r = await fetch(env.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ops }, body: JSON.stringify({ query: TRAIL, variables: { id: j.id } }) });
    const t = ((await r.json()) as { data: { transfer: { status: string; movements: { sourceEventId: string; quantity: string; delta: number }[] } } }).data.transfer;
    expect(t.status).toBe('RECEIVED');
    expect(t.movements.map((m) => [m.quantity, m.delta]).sort()).toEqual([['IN_TRANSIT', -2], ['IN_TRANSIT', 2], ['ON_HAND', -2], ['ON_HAND', 1], ['RESERVED', -2], ['RESERVED', 2]]);
  }
  const audit = await auditLedger(env.redis(), env.prefix);
  expect(audit.mismatches).toEqual([]);
}

describe('kill -9 of Redis (AOF) during transfers', () => {
  let rp: RedisProcess;
  let stack: Stack;
  let raw: Redis | null = null;
  const PREFIX = 'trcrash:';

  beforeAll(async () => {
    rp = await startRedisProcess();
    stack = await startStack({
      redisUrl: rp.url, keyPrefix: PREFIX, demoKeys: true, wmsPollMs: 0, expirySweepMs: 0, erpBatchMs: 0, omsPollMs: 0, reconcileMs: 0,
      planningSeedDays: 0, gateway: { rateLimit: { enabled: false } }, redisConnect: { maxRetriesPerRequest: 0 },
    });
  });
  afterAll(async () => {
    if (raw) await closeRedis(raw).catch(() => undefined);
    await stack?.close();
    await rp?.cleanup();
  });

  it('loses no acknowledged transfer step and counts none twice', async () => {
    const reg = stack.platform.registry;
    const stores = reg.allLocations().filter((l) => l.type === 'STORE' && reg.locationCode(l.id, 'POS'));
    const env: Env = {
      url: stack.url, ledger: stack.platform.stores.ledger, registry: reg, pos: stack.clients.pos, prefix: PREFIX, from: stores[5]!, to: stores[6]!,
      sku: reg.skuIds().filter((x) => reg.localCode(x, 'POS'))[50]!, redis: () => (raw ??= createRedisClient(rp.url)),
    };
    await scenario(env, 'RK', async () => {
      await rp.kill9();
      await new Promise((r) => setTimeout(r, 1500));
      await rp.restart();
    });
  });
});

describe('kill -9 of the unification subgraph during transfers (every part its own process)', () => {
  let s: LifecycleStack;
  beforeAll(async () => { s = await startLifecycleStack('transfer-crash-unification', 'separate'); });
  afterAll(async () => { await s?.close(); });

  it('loses no acknowledged transfer step and counts none twice', async () => {
    const stores = s.registry.allLocations().filter((l) => l.type === 'STORE' && s.registry.locationCode(l.id, 'POS'));
    const env: Env = {
      url: s.url, ledger: s.ledger, registry: s.registry, pos: new PosClient({ baseUrl: s.legacyUrls.pos, timeoutMs: 10_000 }), prefix: s.prefix,
      from: stores[7]!, to: stores[8]!, sku: s.registry.skuIds().filter((x) => s.registry.localCode(x, 'POS'))[51]!, redis: () => s.redis,
    };
    const sep = s.separate!;
    await scenario(env, 'UK', async () => {
      process.kill(sep.processes.unification!.pid, 'SIGKILL');
      await sep.processes.unification!.exited;
      await new Promise((r) => setTimeout(r, 500));
      await sep.respawn('unification');
    });
  });
});
