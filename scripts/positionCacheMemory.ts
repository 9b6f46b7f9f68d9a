/**
 * What the position cache holds per position: fills a PositionCache from a RedisLedger with
 * SKUS × LOCATIONS positions (written straight into the ledger's hashes: some with safety stock,
 * incoming, in transit and holds per channel), then reports heapUsed + external per cached
 * position after full collections, the cache's own byte estimate, and the V8 heap objects per
 * cached SKU (data objects in heap snapshots before and after filling OBJECT_SKUS SKUs). Deletes
 * its keys. A measurement, not a benchmark: it times nothing.
 *
 *   node --expose-gc --import tsx scripts/positionCacheMemory.ts
 *   SKUS=2000 LOCATIONS=200 OBJECT_SKUS=50 REDIS_URL=redis://127.0.0.1:6379
 */
import v8 from 'node:v8';
import { z } from 'zod';
import { CHANNELS } from '@stockgraph/shared';
import { env, parseEnv } from '@stockgraph/shared/config';
import { packPosition, PositionCache, RedisLedger, type LedgerSource } from '@stockgraph/shared/ledger';
import { closeRedis, createRedisClient } from '@stockgraph/shared/redis';
import { mulberry32 } from '@stockgraph/shared/random';
import { deleteByPrefix } from '@stockgraph/shared/testing';

const config = parseEnv(z.object({
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  SKUS: z.coerce.number().int().positive().default(2000),
  LOCATIONS: z.coerce.number().int().positive().max(999).default(200),
  OBJECT_SKUS: z.coerce.number().int().positive().default(50),
  /** SKUs per cache read: a category page */
  PAGE: z.coerce.number().int().positive().default(20),
}));

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function fullGc(): void {
  for (let i = 0; i < 3; i++) gc!();
}

function used(): number {
  fullGc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** heap objects that hold data (not code, maps or V8's own bookkeeping, which JIT warm-up moves) */
async function dataObjects(): Promise<number> {
  fullGc();
  const chunks: Buffer[] = [];
  for await (const c of v8.getHeapSnapshot()) chunks.push(c as Buffer);
  const snapshot = JSON.parse(Buffer.concat(chunks).toString()) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
  const stride = snapshot.snapshot.meta.node_fields.length;
  const types = snapshot.snapshot.meta.node_types[0];
  let n = 0;
  for (let i = 0; i < snapshot.nodes.length; i += stride) if (!NOT_DATA.has(types[snapshot.nodes[i]!]!)) n++;
  return n;
}
const NOT_DATA = new Set(['code', 'hidden', 'object shape', 'synthetic']);

async function main(): Promise<void> {
  const redis = createRedisClient(config.REDIS_URL, { connectTimeoutMs: 2000 });
  const prefix = `measure:position-cache:${process.pid}:`;
  const ledger = new RedisLedger({ redis, prefix });
  const rand = mulberry32(7);
  const sources: LedgerSource[] = ['ERP', 'WMS', 'POS', 'OMS', 'LEDGER'];
  const skus = Array.from({ length: config.SKUS }, (_, i) => `SKU-${String(i + 1).padStart(6, '0')}`);
  const locations = Array.from({ length: config.LOCATIONS }, (_, i) => `${i < 12 ? 'D' : 'S'}${String(i + 1).padStart(3, '0')}`);
  const at = Date.UTC(2025, 10, 1);
  try {
    for (let s = 0; s < skus.length; s += 50) {
      const batch = skus.slice(s, s + 50);
      const writes = batch.flatMap((sku) => {
        const fields: string[] = [];
        const held: string[] = [];
        for (const locationId of locations) {
          const some = rand() < 0.1;
          fields.push(locationId, packPosition({
            sku, locationId, onHand: Math.floor(rand() * 200) - 5, reserved: some ? Math.floor(rand() * 5) : 0, safetyStock: some ? 2 : 0,
            incoming: some ? 24 : 0, asOf: at + Math.floor(rand() * 86_400_000), source: sources[Math.floor(rand() * 5)]!, absoluteAt: at,
            ...(rand() < 0.02 ? { inTransit: 6 } : {}),
          }));
          if (rand() < 0.05) held.push(`${locationId}|${CHANNELS[Math.floor(rand() * 4)]}`, String(1 + Math.floor(rand() * 4)));
        }
        const cmds = [redis.hset(ledger.keys.positions(sku), ...fields)];
        if (held.length > 0) cmds.push(redis.hset(ledger.keys.held(sku), ...held));
        return cmds;
      });
      await Promise.all(writes);
    }

    const page = async (cache: PositionCache, from: number, to: number) => {
      for (let i = from; i < to; i += config.PAGE) await cache.positionsForSkus(skus.slice(i, Math.min(to, i + config.PAGE)));
    };

    // heap objects per cached SKU
    const small = new PositionCache(ledger, { maxBytes: 1024 * 1024 * 1024 });
    await page(small, 0, config.OBJECT_SKUS); // warm: code, interned ids, reply buffers
    small.clear();
    const nodes0 = await dataObjects();
    await page(small, 0, config.OBJECT_SKUS);
    const nodes1 = await dataObjects();
    small.clear();
    small.close();

    // bytes per cached position
    const cache = new PositionCache(ledger, { maxBytes: 4 * 1024 * 1024 * 1024 });
    const before = used();
    await page(cache, 0, skus.length);
    const after = used();
    const stats = cache.stats();
    const positions = skus.length * locations.length;
    console.log(JSON.stringify({
      skus: skus.length, locations: locations.length, entries: stats.entries,
      measuredBytes: after - before,
      measuredBytesPerPosition: Math.round(((after - before) / positions) * 10) / 10,
      measuredBytesPerSku: Math.round((after - before) / skus.length),
      estimatedBytes: stats.bytes,
      estimatedBytesPerSku: Math.round(stats.bytes / stats.entries),
      heapObjectsPerSku: Math.round(((nodes1 - nodes0) / config.OBJECT_SKUS) * 10) / 10,
    }));
    cache.close();
  } finally {
    await deleteByPrefix(redis, prefix);
    await ledger.close();
    await closeRedis(redis);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
