import { MemoryLedger } from '../ledger/MemoryLedger';
import { RedisLedger } from '../ledger/RedisLedger';
import { connectTestRedis, deleteByPrefix, waitFor, type TestRedis } from '../testing';
import { createStores } from '../stores';

describe('createStores', () => {
  let t: TestRedis;
  beforeAll(async () => {
    t = await connectTestRedis('stores');
  });
  afterAll(async () => t.cleanup());

  it('uses memory without a URL', async () => {
    const s = await createStores();
    expect(s.kind).toBe('memory');
    expect(s.ledger).toBeInstanceOf(MemoryLedger);
    await s.kv.set('k', 'v');
    expect(await s.kv.get('k')).toBe('v');
    await s.close();
  });

  it('uses Redis with a URL: ledger and KV under the prefix, changes over the shared subscriber', async () => {
    const s = await createStores(t.url, { prefix: t.prefix });
    try {
      expect(s.kind).toBe('redis');
      expect(s.ledger).toBeInstanceOf(RedisLedger);
      const seen: string[] = [];
      s.ledger.onChange((keys) => seen.push(...keys.map((k) => `${k.sku}@${k.locationId}`)));
      const kvSeen: string[] = [];
      await s.kv.subscribe('ch', (m) => kvSeen.push(m));
      await s.ledger.changesReady?.();
      await s.ledger.loadSnapshot([{ sku: 'SKU-A', locationId: 'S001', onHand: 3, at: 1, source: 'ERP' }]);
      await s.kv.set('k', 'v');
      await s.kv.publish('ch', 'hello');
      await waitFor(() => seen.length > 0 && kvSeen.length > 0, Boolean, { what: 'the change event and the published message' });
      expect(seen).toEqual(['SKU-A@S001']);
      expect(kvSeen).toEqual(['hello']);
      expect(await t.redis.get(`${t.prefix}kv:k`)).toBe('v');
      expect(await t.redis.hget(`${t.prefix}{SKU-A}:pos`, 'S001')).toMatch(/^3\|0\|0\|0\|1\|E\|1$/);
      expect(Array.isArray(s.configProblems)).toBe(true);
    } finally {
      await s.close();
      await deleteByPrefix(t.redis, t.prefix);
    }
  });

  it('fails start-up on an unreachable Redis without printing the password', async () => {
    const err = await createStores('redis://user:s3cret@127.0.0.1:1', { connectTimeoutMs: 500, reconnect: false, maxRetriesPerRequest: 0 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/cannot reach Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
    expect((err as Error).message).not.toMatch(/s3cret/);
  });
});

describe('createStores refuses an unsafe Redis', () => {
  it('fails start-up with a clear error when persistence is required but off', async () => {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const probe = await createStores(url, { prefix: 'sg-test-safety:' });
    const persistenceOff = probe.configProblems.some((p) => /persistence is off|appendonly is no/.test(p));
    await probe.close();
    if (persistenceOff) {
      await expect(createStores(url, { prefix: 'sg-test-safety:', requirePersistence: true })).rejects.toThrow(/not safe for the stock ledger/);
    } else {
      await expect(createStores(url, { prefix: 'sg-test-safety:', requirePersistence: true }).then((s) => s.close())).resolves.toBeUndefined();
    }
  });
});
