import type { KeyValueStore } from './KeyValueStore';

/**
 * Runs `run` holding a lease on `key` in the store (SET NX with a TTL), waiting for another holder
 * to let go; a holder that died frees it when the lease lapses. Only the holder's own token is
 * deleted afterwards, so a lease that lapsed and was taken by another is left to it.
 */
export async function withLease<T>(kv: KeyValueStore, key: string, run: () => Promise<T>, leaseMs = 10_000): Promise<T> {
  const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
  for (let i = 0; !(await kv.set(key, token, { ifAbsent: true, ttlMs: leaseMs })); i++) {
    if (i > leaseMs / 5) throw new Error(`${key} is locked`);
    await new Promise((r) => setTimeout(r, 5 + Math.random() * 10));
  }
  try {
    return await run();
  } finally {
    if ((await kv.get(key)) === token) await kv.del(key);
  }
}
