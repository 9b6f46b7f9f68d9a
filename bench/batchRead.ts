/**
 * Batch read (issue 3): availability for 50 SKUs near a point through our gateway, one request
 * at a time, cold then warm. Cold: SKUs nothing has read since the stack started, so the
 * unification subgraph's position cache misses and every position comes from Redis (one
 * pipelined round trip for the 50 SKU hashes). Warm: the same requests again, served from the
 * process-local cache. One throw-away request first, so the query plan is cached in both.
 * Run it before anything else reads availability. Writes bench/results/batch-read.json.
 */
import type { BenchHarness } from './lib/benchHarness';
import { seededRandom } from './lib/BenchData';
import { PRODUCT_AVAILABILITY } from './lib/operations';
import { startLoadWatch } from './lib/machineLoad';
import { percentile, round } from './lib/stats';
import { timedPost } from './lib/timedRequest';
import { writeResult } from './lib/writeResult';

const SKUS_PER_REQUEST = 50;
const REQUESTS = 60;
const WARM_PASSES = 3;

export async function runBatchRead(h: BenchHarness, log: (line: string) => void) {
  const rand = seededRandom(h.config.SIM_SEED + 1);
  const skus = h.data.shuffled(rand);
  const near = h.data.nearPoints(1, rand)[0]!;
  const body = (i: number) => ({
    query: PRODUCT_AVAILABILITY,
    variables: { skus: skus.slice(i * SKUS_PER_REQUEST, (i + 1) * SKUS_PER_REQUEST), channel: 'DTC', near, radiusKm: 25 },
  });
  const url = h.stack.gatewayUrl;
  const check = (r: { status: number; text: string }) => {
    if (r.status !== 200 || r.text.includes('"errors"')) throw new Error(`batch read failed: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  };
  const machine = startLoadWatch();
  check(await timedPost(url, body(REQUESTS)));
  const cold: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const r = await timedPost(url, body(i));
    check(r);
    cold.push(r.ms);
  }
  const warm: number[] = [];
  for (let pass = 0; pass < WARM_PASSES; pass++) {
    for (let i = 0; i < REQUESTS; i++) {
      const r = await timedPost(url, body(i));
      check(r);
      warm.push(r.ms);
    }
  }
  const summary = (xs: number[]) => ({ p50Ms: round(percentile(xs, 50), 2), p99Ms: round(percentile(xs, 99), 2), maxMs: round(Math.max(...xs), 2), samples: xs.length });
  const result = {
    name: 'batch-read',
    skusPerRequest: SKUS_PER_REQUEST,
    locations: h.data.registry.allLocations().length,
    cold: summary(cold),
    warm: summary(warm),
    machine: machine(),
    method: 'one connection, sequential requests through our gateway; cold = first read of those SKUs since start, warm = the same requests again',
  };
  log(`batch read: cold p50 ${result.cold.p50Ms} ms p99 ${result.cold.p99Ms} ms; warm p50 ${result.warm.p50Ms} ms p99 ${result.warm.p99Ms} ms`);
  return writeResult('batch-read', result);
}
