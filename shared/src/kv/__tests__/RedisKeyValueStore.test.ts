import { connectTestRedis, deleteByPrefix, scanKeys, type TestRedis } from '../../testing';
import { RedisKeyValueStore } from '../RedisKeyValueStore';
import { runKeyValueContract } from './kvContract';

let t: TestRedis;
let n = 0;

beforeAll(async () => {
  t = await connectTestRedis('RedisKeyValueStore');
});

afterAll(async () => {
  await t.cleanup();
});

runKeyValueContract(
  'RedisKeyValueStore',
  async () => new RedisKeyValueStore({ redis: t.redis, prefix: `${t.prefix}${++n}:` }),
  async () => void (await deleteByPrefix(t.redis, t.prefix)),
);

describe('RedisKeyValueStore specifics', () => {
  it('keeps every key under its prefix and sets a real TTL', async () => {
    const kv = new RedisKeyValueStore({ redis: t.redis, prefix: `${t.prefix}own:` });
    await kv.set('a', '1', { ttlMs: 50_000 });
    await kv.hset('h', { f: 'v' });
    expect((await scanKeys(t.redis, `${t.prefix}own:*`)).sort()).toEqual([`${t.prefix}own:a`, `${t.prefix}own:h`]);
    const ttl = await t.redis.pttl(`${t.prefix}own:a`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(50_000);
    await kv.close();
  });
});
