/**
 * Redis bytes per stock position (issue 3 target ≤ 120), twice: on the world the suite just loaded
 * through the real feeds (MEMORY USAGE of sampled SKU position hashes over their fields), and the
 * synthetic 10,000 × 200 load of bench/ledger-memory.ts when its result file is there (run it
 * with `npm run bench -- ledger-memory`). Writes bench/results/redis-memory.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchHarness } from './lib/benchHarness';
import { seededRandom } from './lib/BenchData';
import { RESULTS_DIR, writeResult } from './lib/writeResult';

const SAMPLES = 200;
const TARGET_BYTES = 120;

export async function runRedisMemory(h: BenchHarness, log: (line: string) => void) {
  const sampled = await h.data.sampledBytesPerPosition(SAMPLES, seededRandom(h.config.SIM_SEED + 5));
  const ledgerFile = join(RESULTS_DIR, 'ledger-memory.json');
  const ledger = existsSync(ledgerFile) ? (JSON.parse(readFileSync(ledgerFile, 'utf8')) as { bytesPerPosition?: number; sampledBytesPerPosition?: number; positions?: number }) : null;
  const result = {
    name: 'redis-memory',
    loadedWorld: { ...sampled, skus: h.data.skuIds.length, locations: h.data.registry.allLocations().length },
    ledgerMemoryBench: ledger ? { bytesPerPosition: ledger.bytesPerPosition, sampledBytesPerPosition: ledger.sampledBytesPerPosition, positions: ledger.positions } : null,
    targetBytesPerPosition: TARGET_BYTES,
    targetMet: sampled.bytesPerPosition <= TARGET_BYTES,
    note: 'loadedWorld counts the positions hashes only (history lists, dedupe marks and reservations are extra and TTL-bound); stores hold a subset of SKUs, so positions < SKUs × locations',
  };
  log(`redis memory: ${sampled.bytesPerPosition} bytes per position over ${sampled.positions} positions (${sampled.encodings.join(',')})`);
  return writeResult('redis-memory', result);
}
