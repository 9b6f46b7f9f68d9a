/**
 * Freshness (issue 3): till sales rung at the POS simulator at a steady rate; for each, the
 * storefront availability of that SKU is polled through our gateway until availableToSell drops.
 * Measured from just before the sale is POSTed to the POS to the poll answer that shows it: the
 * POS's webhook push, the POS subgraph's ledger write, the change event over Redis pub/sub, the
 * unification subgraph's cache invalidation and the gateway round trip are all inside. Each sale
 * is a different SKU at a store that has it, so sales never mask each other. Target p99 ≤ 50 ms.
 * Writes bench/results/freshness.json.
 */
import { performance } from 'node:perf_hooks';
import type { BenchHarness } from './lib/benchHarness';
import { seededRandom, type StorePosition } from './lib/BenchData';
import { PRODUCT_AVAILABILITY } from './lib/operations';
import { startCoreWatch, startLoadWatch } from './lib/machineLoad';
import { percentile, round } from './lib/stats';
import { timedPost } from './lib/timedRequest';
import { writeResult } from './lib/writeResult';

const GIVE_UP_MS = 3000;
const TARGET_P99_MS = 50;

interface Answer { data?: { availability: ({ availableToSell: number } | null)[] } }

/** `resultName`: the results file (another benchmark measuring freshness after its own load names its own) */
export async function runFreshness(h: BenchHarness, log: (line: string) => void, resultName = 'freshness') {
  const c = h.config;
  const rand = seededRandom(c.SIM_SEED + 3);
  const sales = await h.data.sellableStorePositions(c.FRESHNESS_SALES, rand);
  if (sales.length < c.FRESHNESS_SALES) log(`freshness: only ${sales.length} sellable store positions found`);
  const gateway = h.stack.gatewayUrl;
  const stores = new Map(h.data.storesList.map((s) => [s.id, s.geo]));
  const read = async (s: StorePosition): Promise<number> => {
    const r = await timedPost<Answer>(gateway, { query: PRODUCT_AVAILABILITY, variables: { skus: [s.sku], channel: 'DTC', near: stores.get(s.storeId), radiusKm: 25 } });
    const ats = r.json?.data?.availability?.[0]?.availableToSell;
    if (typeof ats !== 'number') throw new Error(`storefront query failed: HTTP ${r.status} ${r.text.slice(0, 200)}`);
    return ats;
  };
  const gapMs = 1000 / c.FRESHNESS_SALES_PER_S;
  const latencies: number[] = [];
  const committedMs: number[] = [];
  const saleStarted = new Map<string, number>();
  const stopWatching = await h.data.watchChanges((skus) => {
    const at = performance.now();
    for (const sku of skus) {
      const t0 = saleStarted.get(sku);
      if (t0 !== undefined) { committedMs.push(at - t0); saleStarted.delete(sku); }
    }
  });
  const processes = { ...h.stack.processes, ...h.processes };
  const machine = startLoadWatch();
  const cores = startCoreWatch(processes);
  const saleMs: number[] = [];
  const polls: number[] = [];
  let missed = 0;
  let failed = 0;
  const one = async (s: StorePosition) => {
    try {
      const before = await read(s);
      const t0 = performance.now();
      saleStarted.set(s.sku, t0);
      const sale = fetch(`${h.stack.legacyUrls.pos}/pos/stores/${s.storeNo}/sales`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines: [{ barcode: s.barcode, qty: 1 }] }),
      }).then(async (r) => {
        await r.text();
        if (!r.ok) throw new Error(`POS sale answered HTTP ${r.status}`);
        saleMs.push(performance.now() - t0);
      });
      // a poll that fails leaves the loop before `await sale`: its failure is counted there, not thrown at the process
      sale.catch(() => undefined);
      let n = 0;
      for (;;) {
        n++;
        const now = await read(s);
        // a sale can only lower the figure; a hold expiring elsewhere would raise it
        if (now < before) { latencies.push(performance.now() - t0); break; }
        if (performance.now() - t0 > GIVE_UP_MS) { missed++; break; }
        if (c.FRESHNESS_POLL_GAP_MS > 0) await new Promise((r) => setTimeout(r, c.FRESHNESS_POLL_GAP_MS));
      }
      polls.push(n);
      await sale;
    } catch (err) {
      failed++;
      if (failed <= 3) log(`freshness: ${(err as Error).message}`);
    }
  };
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < sales.length; i++) {
    const due = started + i * gapMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(one(sales[i]!));
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  stopWatching();
  // cores each process kept busy: who was working while the sales went through
  const coresBusy = cores();
  const p = (xs: number[], q: number) => (xs.length ? round(percentile(xs, q), 1) : null);
  const result = {
    name: 'freshness',
    sales: sales.length,
    salesPerSecond: c.FRESHNESS_SALES_PER_S,
    achievedSalesPerSecond: round(sales.length / elapsedS, 1),
    measured: latencies.length,
    missed,
    failed,
    p50Ms: p(latencies, 50),
    p99Ms: p(latencies, 99),
    maxMs: latencies.length ? round(Math.max(...latencies), 1) : null,
    targetP99Ms: TARGET_P99_MS,
    targetMet: latencies.length > 0 && missed === 0 && failed === 0 && percentile(latencies, 99) <= TARGET_P99_MS,
    committedP50Ms: p(committedMs, 50),
    committedP99Ms: p(committedMs, 99),
    posSaleAnswerP50Ms: p(saleMs, 50),
    coresBusy,
    machine: machine(),
    pollsPerSaleP50: p(polls, 50),
    pollGapMs: c.FRESHNESS_POLL_GAP_MS,
    giveUpMs: GIVE_UP_MS,
    method: 'sale POSTed to the POS simulator; the same SKU polled through our gateway (storefront ProductAvailability, anonymous DTC) until availableToSell drops; time from before the POST to the answer showing the drop. committed: to the ledger change event for the SKU reaching this process over Redis pub/sub (webhook push + ledger write); coresBusy: CPU seconds per second of each process during the run',
  };
  log(`freshness: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms over ${latencies.length} sales (${missed} missed, ${failed} failed)`);
  return writeResult(resultName, { ...result, name: resultName });
}
