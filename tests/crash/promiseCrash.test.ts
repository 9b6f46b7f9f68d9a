import type { RedisClient } from '@stockgraph/shared/redis';
import type { Location } from '@stockgraph/shared';
import { createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { startStack, type Stack } from '../../scripts/stack';
import { demoKey } from '../support/startTestStack';
import { omsOrdersByExternalId, placeStock } from '../support/omsOps';
import { startRedisProcess, type RedisProcess } from '../support/redisProcess';

/*
 * Redis (AOF, fsync always) killed with SIGKILL in the middle of a burst of backorders against one
 * PO's promisable supply, then started again on the same files. Every backorder the graph
 * acknowledged must still be promised, once; the queue of promises never holds more than the
 * supply; a retry with the same keys after recovery promises nothing twice.
 */

let rp: RedisProcess;
let stack: Stack;
let raw: RedisClient;
const PREFIX = 'crash-promise:';
const ops = demoKey('order-management');
const ledger = () => stack.platform.stores.ledger;
const ROUTE = `mutation Route($input: RouteOrderInput!) { routeOrder(input: $input) { reservations { id status backorder } userErrors { code } } }`;
const SUPPLY = 150;

type Outcome = { kind: 'ok'; ids: string[] } | { kind: 'refused'; codes: string[] } | { kind: 'error'; codes: string[] } | { kind: 'hung' };
interface Call { id: number; input: Record<string, unknown>; outcome?: Outcome }

async function send(call: Call): Promise<Outcome> {
  try {
    const res = await fetch(stack.url, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': ops },
      body: JSON.stringify({ query: ROUTE, variables: { input: call.input } }), signal: AbortSignal.timeout(20_000),
    });
    const body = (await res.json()) as { data?: { routeOrder: { reservations: { id: string; backorder: boolean }[]; userErrors: { code: string }[] } } | null; errors?: { message: string }[] };
    if (body.errors?.length || !body.data?.routeOrder) return { kind: 'error', codes: (body.errors ?? []).map((e) => e.message) };
    const p = body.data.routeOrder;
    return p.reservations.length > 0 ? { kind: 'ok', ids: p.reservations.map((r) => r.id) } : { kind: 'refused', codes: p.userErrors.map((e) => e.code) };
  } catch (err) {
    return (err as Error).name === 'TimeoutError' ? { kind: 'hung' } : { kind: 'error', codes: [(err as Error).message] };
  }
}

let sku: string;
let dc: Location;
const calls: Call[] = [];

beforeAll(async () => {
  rp = await startRedisProcess();
  stack = await startStack({
    redisUrl: rp.url, keyPrefix: PREFIX, demoKeys: true,
    wmsPollMs: 0, expirySweepMs: 0, erpBatchMs: 0, omsPollMs: 0, reconcileMs: 0, planningSeedDays: 0,
    gateway: { rateLimit: { enabled: false } },
    redisConnect: { maxRetriesPerRequest: 0 },
  });
  const reg = stack.platform.registry;
  dc = reg.allLocations().find((l) => l.type === 'DISTRIBUTION_CENTER')!;
  sku = reg.skuIds().filter((id) => reg.localCode(id, 'OMS'))[0]!;
  // no stock anywhere, one PO line's worth of promisable supply at one DC
  await placeStock(ledger(), sku, {});
  for (const l of reg.allLocations()) await ledger().setSupply({ sku, locationId: l.id }, [], Date.now());
  await ledger().setSupply({ sku, locationId: dc.id }, [{ document: '4599999999/00010', expectedOn: '2027-02-01', quantity: SUPPLY }], Date.now());
}, 60_000);

afterAll(async () => {
  await closeRedis(raw).catch(() => undefined);
  await stack?.close();
  await rp?.cleanup();
});

/** The backorder queue as Redis holds it (layout in shared/src/ledger/keys.ts), and each entry's record. */
async function queue(): Promise<{ id: string; quantity: number; status: string | undefined; backorder: boolean | undefined }[]> {
  const entries = await raw.lrange(`${PREFIX}{${sku}}:boq:${dc.id}`, 0, -1);
  const parsed = entries.map((e) => ({ id: e.slice(0, e.lastIndexOf('|')), quantity: Number(e.slice(e.lastIndexOf('|') + 1)) }));
  const records = parsed.length ? await raw.mget(...parsed.map((p) => `${PREFIX}{${sku}}:rsv:${p.id}`)) : [];
  return parsed.map((p, i) => {
    const r = records[i] ? (JSON.parse(records[i]!) as { status: string; backorder?: boolean }) : undefined;
    return { ...p, status: r?.status, backorder: r?.backorder };
  });
}

it('every acknowledged backorder survives kill -9 of Redis, promised once; the promises never exceed the supply', async () => {
  const TOTAL = 200;
  let next = 0;
  let done = 0;
  let down = false;
  const crash = (async () => {
    while (done < 40) await new Promise((r) => setTimeout(r, 5));
    down = true;
    await rp.kill9();
    await new Promise((r) => setTimeout(r, 1500));
    await rp.restart();
    down = false;
  })();
  const worker = async () => {
    while (next < TOTAL) {
      const id = next++;
      const call: Call = { id, input: { orderId: `PROMISE-${id}`, channel: 'WHOLESALE', destination: dc.geo, lines: [{ sku, quantity: 1 }], idempotencyKey: `promise-${id}` } };
      calls.push(call);
      call.outcome = await send(call);
      done++;
      if (down) await new Promise((r) => setTimeout(r, 20));
    }
  };
  await Promise.all([crash, ...Array.from({ length: 12 }, worker)]);
  raw = createRedisClient(rp.url);
  raw.on('error', () => undefined);

  const of = (k: Outcome['kind']) => calls.filter((c) => c.outcome!.kind === k);
  expect(of('hung')).toEqual([]);
  expect(of('error').length).toBeGreaterThan(0);
  const q = await queue();
  // no unit promised twice: one queue entry per reservation, within the supply
  expect(new Set(q.map((e) => e.id)).size).toBe(q.length);
  expect(q.reduce((n, e) => n + e.quantity, 0)).toBeLessThanOrEqual(SUPPLY);
  // the queue and the records agree: every entry is a waiting backorder
  expect(q.filter((e) => e.status !== 'ACTIVE' || e.backorder !== true)).toEqual([]);
  // every acknowledged backorder is in the queue, and in the OMS once
  const queued = new Set(q.map((e) => e.id));
  for (const c of of('ok')) {
    for (const id of (c.outcome as { ids: string[] }).ids) expect(queued.has(id)).toBe(true);
    expect(await omsOrdersByExternalId(stack.clients.oms, String(c.input.orderId))).toHaveLength(1);
  }
  for (const c of of('refused')) expect((c.outcome as { codes: string[] }).codes).toContain('INSUFFICIENT_STOCK');
}, 120_000);

it('retrying the failed orders with the same keys promises nothing twice', async () => {
  const failed = calls.filter((c) => c.outcome!.kind === 'error');
  const retried = await Promise.all(failed.map(async (c) => ({ c, outcome: await send(c) })));
  for (const { outcome } of retried) expect(['ok', 'refused']).toContain(outcome.kind);
  for (const { c, outcome } of retried) {
    if (outcome.kind === 'ok') expect(await omsOrdersByExternalId(stack.clients.oms, String(c.input.orderId))).toHaveLength(1);
  }
  const q = await queue();
  expect(new Set(q.map((e) => e.id)).size).toBe(q.length);
  expect(q.reduce((n, e) => n + e.quantity, 0)).toBeLessThanOrEqual(SUPPLY);
  // every order acknowledged, first time or on retry, keeps its promise
  const queued = new Set(q.map((e) => e.id));
  const acknowledged = [...calls.filter((c) => c.outcome!.kind === 'ok').map((c) => c.outcome as { ids: string[] }), ...retried.filter((r) => r.outcome.kind === 'ok').map((r) => r.outcome as { ids: string[] })];
  for (const a of acknowledged) for (const id of a.ids) expect(queued.has(id)).toBe(true);
}, 60_000);
