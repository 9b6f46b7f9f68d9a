/**
 * Issue 4's speed targets, measured inside the OMS subgraph (no HTTP, no gateway):
 * - holds per second on one Redis: RedisLedger.reserve, one-unit holds, many in flight;
 * - routeOrder for a 5-line order over 200 locations: RouteService.route (read the ledger,
 *   plan, hold atomically, write the order to the OMS simulator), p50/p99.
 * Writes bench/results/holds-and-routing.json and prints it as its last line.
 */
import { randomUUID } from 'node:crypto';
import { connectTestRedis } from '../shared/src/redis/testRedis';
import { createLogger } from '../shared/src/logger';
import { RedisLedger } from '../shared/src/ledger/RedisLedger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../scripts/stack';
import { freePorts, spawnProcess } from '../scripts/spawnProcess';
import { writeResult } from './lib/writeResult';

const HOLDS = Number(process.env.BENCH_HOLDS ?? 20_000);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const ORDERS = Number(process.env.BENCH_ORDERS ?? 300);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function holdsPerSecond(): Promise<object> {
  const r = await connectTestRedis('bench-holds');
  const ledger = new RedisLedger({ redis: r.redis, prefix: r.prefix });
  try {
    const skus = Array.from({ length: 1000 }, (_, i) => `SKU-B${i}`);
    await ledger.loadSnapshot(skus.map((sku) => ({ sku, locationId: 'D001', onHand: 1_000_000, at: 1, source: 'WMS' as const })));
    let next = 0;
    let ok = 0;
    const worker = async () => {
      while (next < HOLDS) {
        const i = next++;
        const res = await ledger.reserve({ holdId: `H-${i}`, channel: 'DTC', lines: [{ sku: skus[i % skus.length]!, locationId: 'D001', quantity: 1 }], ttlMs: 900_000, now: Date.now() });
        if (res.ok) ok++;
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { holds: HOLDS, succeeded: ok, inFlight: IN_FLIGHT, seconds: round(seconds, 3), holdsPerSecond: Math.round(ok / seconds), target: 5000, targetMet: ok / seconds >= 5000 };
  } finally {
    await ledger.close();
    await r.cleanup();
  }
}

async function routeOrderLatency(): Promise<object> {
  const r = await connectTestRedis('bench-route');
  // the legacy systems in a process of their own, as in production: the OMS's work on the order
  // write is not on the subgraph's event loop
  const logDir = mkdtempSync(join(tmpdir(), 'sg-bench-route-'));
  const [erp, wms, pos, oms] = await freePorts(4);
  const sims = await spawnProcess({
    name: 'simulators', script: 'simulators/src/main.ts', logDir,
    env: { SIM_PRODUCTS: '50', SIM_DCS: '5', SIM_STORES: '195', ERP_PORT: String(erp), WMS_PORT: String(wms), POS_PORT: String(pos), OMS_PORT: String(oms), LOG_LEVEL: 'warn' },
    healthUrls: [erp, wms, pos, oms].map((p) => `http://127.0.0.1:${p}/admin/health`),
  });
  const stack = await startStack({
    redisUrl: r.url, keyPrefix: r.prefix, legacyUrls: { erp: `http://127.0.0.1:${erp}`, wms: `http://127.0.0.1:${wms}`, pos: `http://127.0.0.1:${pos}`, oms: `http://127.0.0.1:${oms}` },
    wmsPollMs: 0, expirySweepMs: 0, omsPollMs: 0, reconcileMs: 0, erpBatchMs: 0, planningSeedDays: 0, logger: createLogger('bench', 'warn'),
  });
  try {
    const registry = stack.platform.registry;
    const skus = registry.skuIds().filter((id) => registry.localCode(id, 'OMS'));
    const locations = registry.allLocations().length;
    const route = stack.apps.oms.deps.routes;
    // time spent in the legacy OMS (the system of record's write) is the legacy system's, not ours
    const oms = stack.clients.oms;
    const createOrder = oms.createOrder.bind(oms);
    let omsMs = 0;
    oms.createOrder = async (...args: Parameters<typeof createOrder>) => {
      const t0 = process.hrtime.bigint();
      try { return await createOrder(...args); } finally { omsMs += Number(process.hrtime.bigint() - t0) / 1e6; }
    };
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const order = () => {
      const lines = new Map<string, number>();
      while (lines.size < 5) lines.set(skus[Math.floor(rnd() * skus.length)]!, 1 + Math.floor(rnd() * 2));
      return {
        channel: 'DTC' as const, destination: { lat: 50.5 + rnd() * 4.5, lng: -4 + rnd() * 5.5 },
        lines: [...lines].map(([sku, quantity]) => ({ sku, quantity })), idempotencyKey: `bench-${randomUUID()}`,
      };
    };
    for (let i = 0; i < 20; i++) await route.route(order()); // warm-up
    const ms: number[] = [];
    const ours: number[] = [];
    let shipments = 0;
    for (let i = 0; i < ORDERS; i++) {
      omsMs = 0;
      const t0 = process.hrtime.bigint();
      const out = await route.route(order());
      const total = Number(process.hrtime.bigint() - t0) / 1e6;
      ms.push(total);
      ours.push(total - omsMs);
      shipments += out.shipments.length;
      for (const res of out.reservations) await stack.platform.stores.ledger.release(res.id, Date.now());
    }
    return {
      orders: ORDERS, lines: 5, locations, p50Ms: round(pct(ms, 50)), p99Ms: round(pct(ms, 99)), maxMs: round(Math.max(...ms)),
      withoutOmsWrite: { p50Ms: round(pct(ours, 50)), p99Ms: round(pct(ours, 99)) },
      meanShipments: round(shipments / ORDERS), target: 10, targetMet: pct(ours, 99) <= 10,
      loadAverage1m: round(require('node:os').loadavg()[0]),
      note: 'route() end to end inside the OMS subgraph (simulators in their own process): idempotency claim, ledger read (one round trip), capacities, plan, atomic hold, intent, write to the OMS simulator over HTTP, order saved',
    };
  } finally {
    await stack.close();
    await sims.stop();
    await r.cleanup();
    rmSync(logDir, { recursive: true, force: true });
  }
}

async function main() {
  const holds = await holdsPerSecond();
  const routeOrder = await routeOrderLatency();
  writeResult('holds-and-routing', { bench: 'holds-and-routing', holds, routeOrder });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
