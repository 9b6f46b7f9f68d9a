/**
 * Redis memory per ledger position: loads SKUS × LOCATIONS positions through RedisLedger
 * (snapshots in batches, plus incoming and safety stock on a share of them), measures INFO
 * used_memory before and after and MEMORY USAGE on sampled SKU hashes, writes
 * bench/results/ledger-memory.json and prints it as the last line, then deletes its keys.
 *
 *   REDIS_URL=redis://127.0.0.1:6379 SKUS=10000 LOCATIONS=200 npx tsx bench/ledger-memory.ts
 *
 * It changes no server setting: the listpack limits it ran with are part of the result.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { z } from 'zod';
import { parseEnv, env } from '@stockgraph/shared/config';
import { RedisLedger } from '@stockgraph/shared/ledger';
import type { SnapshotEntry } from '@stockgraph/shared/ledger';
import { checkRedisConfig, createRedisClient } from '@stockgraph/shared/redis';
import { closeRedis } from '@stockgraph/shared/redis';
import { deleteByPrefix } from '@stockgraph/shared/testing';
import { mulberry32 } from '@stockgraph/shared/random';

const config = parseEnv(z.object({
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  SKUS: z.coerce.number().int().positive().default(10_000),
  LOCATIONS: z.coerce.number().int().positive().max(999).default(200),
  /** SKUs per loadSnapshot call */
  BATCH_SKUS: z.coerce.number().int().positive().default(50),
  /** share of positions that also get incoming and safety stock */
  FILL_SHARE: z.coerce.number().min(0).max(1).default(0.1),
  SAMPLES: z.coerce.number().int().positive().default(100),
}));


async function usedMemory(redis: ReturnType<typeof createRedisClient>): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

async function main(): Promise<void> {
  const redis = createRedisClient(config.REDIS_URL, { connectTimeoutMs: 2000 });
  const prefix = `bench:ledger-memory:${process.pid}:`;
  const ledger = new RedisLedger({ redis, prefix });
  const rand = mulberry32(42);
  const skus = Array.from({ length: config.SKUS }, (_, i) => `SKU-${String(i + 1).padStart(6, '0')}`);
  const locations = Array.from({ length: config.LOCATIONS }, (_, i) => `${i < 12 ? 'D' : 'S'}${String(i + 1).padStart(3, '0')}`);
  const positions = skus.length * locations.length;
  const baseTime = Date.UTC(2025, 10, 1);
  try {
    const configProblems = await checkRedisConfig(redis, { locationsPerSku: config.LOCATIONS });
    const [entriesLimit, valueLimit, version] = await Promise.all([
      redis.config('GET', 'hash-max-listpack-entries') as Promise<string[]>,
      redis.config('GET', 'hash-max-listpack-value') as Promise<string[]>,
      redis.info('server').then((s) => /redis_version:(\S+)/.exec(s)?.[1] ?? 'unknown'),
    ]);
    await deleteByPrefix(redis, prefix);
    const before = await usedMemory(redis);
    const started = Date.now();
    for (let s = 0; s < skus.length; s += config.BATCH_SKUS) {
      const entries: SnapshotEntry[] = [];
      for (const sku of skus.slice(s, s + config.BATCH_SKUS)) {
        for (const locationId of locations) {
          entries.push({ sku, locationId, onHand: Math.floor(rand() * 500), at: baseTime + Math.floor(rand() * 86_400_000), source: rand() < 0.5 ? 'WMS' : 'ERP' });
        }
      }
      await ledger.loadSnapshot(entries);
      const fill = entries.filter(() => rand() < config.FILL_SHARE);
      await Promise.all(fill.flatMap((e) => [
        ledger.setIncoming(e, Math.floor(rand() * 200), e.at + 1000, 'ERP'),
        ledger.setSafetyStock(e, Math.floor(rand() * 10), e.at + 1000),
      ]));
    }
    const loadMs = Date.now() - started;
    const after = await usedMemory(redis);

    const sampleSkus = Array.from({ length: Math.min(config.SAMPLES, skus.length) }, () => skus[Math.floor(rand() * skus.length)]!);
    const usage = await Promise.all(sampleSkus.map((sku) => redis.memory('USAGE', ledger.keys.positions(sku), 'SAMPLES', 0)));
    const encodings = await Promise.all(sampleSkus.map((sku) => redis.object('ENCODING', ledger.keys.positions(sku))));
    const sampleValues = await redis.hvals(ledger.keys.positions(sampleSkus[0]!));
    const sampledBytesPerPosition = usage.reduce((a: number, b) => a + Number(b), 0) / (sampleSkus.length * locations.length);

    const deleted = await deleteByPrefix(redis, prefix);
    const afterCleanup = await usedMemory(redis);
    const result = {
      name: 'ledger-memory',
      positions,
      skus: skus.length,
      locationsPerSku: locations.length,
      bytesPerPosition: Math.round(((after - before) / positions) * 10) / 10,
      sampledBytesPerPosition: Math.round(sampledBytesPerPosition * 10) / 10,
      targetBytesPerPosition: 120,
      usedMemoryBefore: before,
      usedMemoryAfter: after,
      usedMemoryAfterCleanup: afterCleanup,
      encodings: [...new Set(encodings)],
      avgPackedValueBytes: Math.round((sampleValues.reduce((a, v) => a + Buffer.byteLength(v), 0) / sampleValues.length) * 10) / 10,
      filledShare: config.FILL_SHARE,
      loadMs,
      positionsPerSecond: Math.round(positions / (loadMs / 1000)),
      keysDeleted: deleted,
      redis: { version, hashMaxListpackEntries: Number(entriesLimit[1]), hashMaxListpackValue: Number(valueLimit[1]), configChanged: false, configProblems },
      note: 'bytesPerPosition = INFO used_memory delta / positions (whole instance, so concurrent users of the server add noise); sampledBytesPerPosition = MEMORY USAGE of sampled SKU hashes / their positions',
    };
    const dir = join(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ledger-memory.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  } finally {
    await deleteByPrefix(redis, prefix).catch(() => 0);
    await ledger.close();
    await closeRedis(redis);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
