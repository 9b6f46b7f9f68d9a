/**
 * Freshness (issue 3): till sales rung at the POS simulator at a steady rate; for each, the
 * storefront availability of that SKU is polled through our gateway until availableToSell drops.
 * Measured from just before the sale is POSTed to the POS to the poll answer that shows it: the
 * POS's webhook push, the POS subgraph's ledger write, the change event over Redis pub/sub, the
 * unification subgraph's cache invalidation and the gateway round trip are all inside. Each sale
 * is a different SKU at a store that has it, so sales never mask each other. Target p99 ≤ 50 ms.
 * The till and the shopper run in a worker thread (lib/freshnessProbe.ts), away from the heap of
 * the loaded world, whose collector pauses had been timed as ours.
 * Writes bench/results/freshness.json.
 */
import type { BenchHarness } from './lib/benchHarness';
import { seededRandom } from './lib/BenchData';
import { probeInWorker } from './lib/freshnessProbe';
import { PRODUCT_AVAILABILITY } from './lib/operations';
import { startCoreWatch, startLoadWatch } from './lib/machineLoad';
import { percentile, round } from './lib/stats';
import { writeResult } from './lib/writeResult';

const GIVE_UP_MS = 3000;
const TARGET_P99_MS = 50;

/** `resultName`: the results file (another benchmark measuring freshness after its own load names its own) */
export async function runFreshness(h: BenchHarness, log: (line: string) => void, resultName = 'freshness') {
  const c = h.config;
  const rand = seededRandom(c.SIM_SEED + 3);
  const sales = await h.data.sellableStorePositions(c.FRESHNESS_SALES, rand);
  if (sales.length < c.FRESHNESS_SALES) log(`freshness: only ${sales.length} sellable store positions found`);
  const stores = new Map(h.data.storesList.map((s) => [s.id, s.geo]));
  const processes = { ...h.stack.processes, ...h.processes };
  const machine = startLoadWatch();
  const cores = startCoreWatch(processes);
  // the till and the shopper run in a worker thread with a heap of their own (see freshnessProbe.ts)
  const probe = await probeInWorker({
    sales: sales.map((s) => ({ sku: s.sku, storeNo: s.storeNo, barcode: s.barcode, near: stores.get(s.storeId) })),
    gatewayUrl: h.stack.gatewayUrl, posUrl: h.stack.legacyUrls.pos, redisUrl: c.REDIS_URL, keyPrefix: h.keyPrefix,
    query: PRODUCT_AVAILABILITY, salesPerSecond: c.FRESHNESS_SALES_PER_S, pollGapMs: c.FRESHNESS_POLL_GAP_MS, giveUpMs: GIVE_UP_MS,
  });
  for (const e of probe.errors) log(`freshness: ${e}`);
  const { latencies, committedMs, saleMs, polls, missed, failed, elapsedS } = probe;
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
    method: 'sale POSTed to the POS simulator; the same SKU polled through our gateway (storefront ProductAvailability, anonymous DTC) until availableToSell drops; time from before the POST to the answer showing the drop. committed: to the ledger change event for the SKU reaching the probe over Redis pub/sub; the probe (till and shopper) runs in a worker thread with its own heap and its own ledger change feed (webhook push + ledger write); coresBusy: CPU seconds per second of each process during the run',
  };
  log(`freshness: p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms over ${latencies.length} sales (${missed} missed, ${failed} failed)`);
  return writeResult(resultName, { ...result, name: resultName });
}
