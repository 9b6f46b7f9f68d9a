import type { Logger } from './logger';
import type { KeyValueStore } from './kv/KeyValueStore';
import type { EventStreamsSettings } from './streams/EventStreams';
import { MemoryKeyValueStore } from './kv/MemoryKeyValueStore';
import { RedisKeyValueStore } from './kv/RedisKeyValueStore';
import type { StockLedger } from './ledger/StockLedger';
import { MemoryLedger } from './ledger/MemoryLedger';
import { RedisLedger } from './ledger/RedisLedger';
import { DEFAULT_LEDGER_PREFIX } from './ledger/keys';
import type { LedgerOptions } from './ledger/ledgerInput';
import { checkRedisConfig, connectRedis, type RedisConnectOptions } from './redis/connect';
import { describeTarget } from './redis/redisTarget';

export interface Stores {
  ledger: StockLedger;
  kv: KeyValueStore;
  kind: 'redis' | 'memory';
  /** server settings that put the ledger at risk (see checkRedisConfig); empty for memory */
  configProblems: string[];
  close(): Promise<void>;
}

export interface StoresOptions extends LedgerOptions, RedisConnectOptions {
  /** ledger keys get `<prefix>`, KV keys `<prefix>kv:`; default 'sg:' */
  prefix?: string;
  logger?: Logger;
  /** locations per SKU the deployment expects, for the listpack check */
  locationsPerSku?: number;
  /**
   * Refuse to start on a Redis whose settings put the ledger at risk: an eviction policy other
   * than noeviction always; persistence off too when `requirePersistence` is set (production).
   */
  requirePersistence?: boolean;
  /** retention of the event streams and the settings of their consumers */
  streams?: EventStreamsSettings;
}

/**
 * The ledger and KV store every deployable uses: Redis when a target is given (one command
 * connection and one shared subscriber connection; a `redis-cluster://` target, see
 * redis/redisTarget.ts, gives Cluster clients on the same code paths), in-process memory otherwise. With Redis it
 * waits for the first PING, so a wrong URL fails start-up instead of the first request.
 */
export async function createStores(redisUrl?: string, opts: StoresOptions = {}): Promise<Stores> {
  if (!redisUrl) {
    const ledger = new MemoryLedger(opts);
    const kv = new MemoryKeyValueStore({ clock: opts.clock, streams: opts.streams });
    return { ledger, kv, kind: 'memory', configProblems: [], close: async () => { await ledger.close(); await kv.close(); } };
  }
  const prefix = opts.prefix ?? DEFAULT_LEDGER_PREFIX;
  const conn = connectRedis(redisUrl, opts);
  try {
    await conn.client.ping();
  } catch (err) {
    await conn.close().catch(() => undefined);
    throw new Error(`cannot reach Redis at ${describeTarget(redisUrl)}: ${(err as Error).message}`);
  }
  const configProblems = await checkRedisConfig(conn.client, { locationsPerSku: opts.locationsPerSku });
  for (const p of configProblems) opts.logger?.warn({ problem: p }, 'redis config');
  const fatal = configProblems.filter((p) => p.startsWith('maxmemory-policy') || (opts.requirePersistence && /persistence is off|appendonly is no/.test(p)));
  if (fatal.length) {
    await conn.close().catch(() => undefined);
    throw new Error(`Redis at ${describeTarget(redisUrl)} is not safe for the stock ledger:\n  ${fatal.join('\n  ')}`);
  }
  const ledger = new RedisLedger({ ...opts, redis: conn.client, subscriber: conn.subscriber, prefix });
  const kv = new RedisKeyValueStore({ redis: conn.client, subscriber: conn.subscriber, prefix: `${prefix}kv:`, streams: opts.streams });
  return {
    ledger,
    kv,
    kind: 'redis',
    configProblems,
    async close() {
      await ledger.close();
      await kv.close();
      await conn.close();
    },
  };
}
