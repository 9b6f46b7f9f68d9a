/**
 * What a reader of the SKU registry holds: writes a registry of SKUS × LOCATIONS (SKU records
 * shaped as the catalog sync builds them: five local codes, GTIN, category, pack size, cost,
 * price, vendor, lead times) to Redis, then loads it through a fresh client as the subgraphs do
 * (`Registry`: the whole document) and as the gateway does (`CatalogIndex`: SKU ids, names and
 * locations), and reports for each the JSON read, the heap it keeps (heapUsed after full
 * collections, the reader still held) and the buffers it keeps (arrayBuffers: ioredis's reply
 * parser grows its pool for a reply that spans socket reads, and keeps it). Deletes its keys.
 * A measurement, not a benchmark: it times nothing.
 *
 *   node --expose-gc --import tsx scripts/catalogIndexMemory.ts
 *   SKUS=10000 LOCATIONS=200 REDIS_URL=redis://127.0.0.1:6379
 */
import { z } from 'zod';
import { env, parseEnv } from '@stockgraph/shared/config';
import { closeRedis, createRedisClient } from '@stockgraph/shared/redis';
import { mulberry32 } from '@stockgraph/shared/random';
import { CatalogIndex, Registry, type RegistrySnapshot } from '@stockgraph/shared/registry';
import { RedisKeyValueStore } from '@stockgraph/shared/storage';
import { deleteByPrefix } from '@stockgraph/shared/testing';

const config = parseEnv(z.object({
  REDIS_URL: env.url().default('redis://127.0.0.1:6379'),
  SKUS: z.coerce.number().int().positive().default(10_000),
  LOCATIONS: z.coerce.number().int().positive().max(999).default(200),
}));

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function memory(): { heap: number; buffers: number } {
  for (let i = 0; i < 3; i++) gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

function snapshot(): RegistrySnapshot {
  const rand = mulberry32(11);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const locations = Array.from({ length: config.LOCATIONS }, (_, i) => {
    const dc = i < 12;
    const id = `${dc ? 'D' : 'S'}${String(i + 1).padStart(3, '0')}`;
    return {
      id, name: `${dc ? 'Distribution centre' : 'Store'} ${i + 1}`, type: dc ? 'DISTRIBUTION_CENTER' as const : 'STORE' as const,
      geo: { lat: 50 + rand() * 8, lng: -5 + rand() * 7 },
      capabilities: dc ? ['SHIP_FROM_DC' as const] : ['SHIP_FROM_STORE' as const, 'PICKUP_IN_STORE' as const, 'RETURNS' as const],
      dailyCapacity: dc ? 100_000 : 40,
      localCodes: [{ system: 'ERP' as const, code: id }, { system: dc ? 'WMS' as const : 'POS' as const, code: dc ? `DC${i + 1}` : String(i + 1).padStart(4, '0') }],
    };
  });
  const skus = Array.from({ length: config.SKUS }, (_, i) => {
    const matnr = String(100_000 + i).padStart(18, '0');
    const gtin = `50${digits(11)}`;
    return {
      id: `SKU-${String(i + 1).padStart(6, '0')}`, name: `Product ${i + 1} ${['red', 'blue', 'green'][i % 3]} ${['small', 'large'][i % 2]}`,
      gtin, category: ['TOYS', 'HOME', 'GARDEN', 'KITCHEN'][i % 4]!, packSize: 1 + (i % 12),
      localCodes: [
        { system: 'ERP' as const, code: matnr }, { system: 'WMS' as const, code: `ART-${digits(7)}` },
        { system: 'POS' as const, code: gtin }, { system: 'POS' as const, code: `PLU${digits(5)}` }, { system: 'OMS' as const, code: `WEB-${digits(8)}` },
      ],
      cost: Math.round(rand() * 5000) / 100, price: Math.round(rand() * 9000) / 100,
      vendor: { id: `V${String(i % 40).padStart(4, '0')}`, acceptsReturns: i % 3 !== 0, creditPct: 50 + (i % 5) * 10 },
      leadTimeDays: 3 + (i % 10), leadTimeSdDays: 1 + (i % 3),
    };
  });
  return { skus, locations, unmapped: [], conflicts: [], builtAt: Date.UTC(2025, 10, 1) };
}

/** a reader loaded through its own client, measured with it still held */
async function measure(prefix: string, make: (kv: RedisKeyValueStore) => Registry | CatalogIndex): Promise<{ heapMb: number; buffersMb: number }> {
  const redis = createRedisClient(config.REDIS_URL, { connectTimeoutMs: 2000 });
  try {
    const kv = new RedisKeyValueStore({ redis, prefix });
    await kv.get('warm-up'); // the connection and its first reply, before the baseline reading
    const before = memory();
    const reader = make(kv);
    await reader.refresh(true);
    if (!reader.ready) throw new Error('nothing read');
    const after = memory();
    return { heapMb: mb(after.heap - before.heap), buffersMb: mb(after.buffers - before.buffers) };
  } finally {
    await closeRedis(redis);
  }
}

async function main(): Promise<void> {
  const redis = createRedisClient(config.REDIS_URL, { connectTimeoutMs: 2000 });
  const prefix = `measure:catalog-index:${process.pid}:`;
  try {
    const kv = new RedisKeyValueStore({ redis, prefix });
    await new Registry(kv).write(snapshot());
    // sizes without reading the values: the reply parser's pool is one per process, and a read here would grow it before the readers are measured
    const docBytes = await redis.strlen(`${prefix}registry:doc`);
    const indexBytes = await redis.strlen(`${prefix}registry:index`);
    // the index first, for the same reason: the pool the document's read grows would serve the index's
    const index = await measure(prefix, (k) => new CatalogIndex(k));
    const registry = await measure(prefix, (k) => new Registry(k));
    const result = {
      skus: config.SKUS, locations: config.LOCATIONS,
      registry: { jsonMb: mb(docBytes), ...registry },
      catalogIndex: { jsonMb: mb(indexBytes), ...index },
    };
    console.log(JSON.stringify(result));
  } finally {
    await deleteByPrefix(redis, prefix).catch(() => undefined);
    await closeRedis(redis);
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
