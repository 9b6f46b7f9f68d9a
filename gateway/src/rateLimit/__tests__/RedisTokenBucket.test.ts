// The shared limiter on a real Redis (and on the local Cluster: jest.config.js's cluster project).
import { createLogger } from '@stockgraph/shared';
import { closeRedis } from '@stockgraph/shared/redis';
import { createRedisClient } from '@stockgraph/shared/redis';
import type { RedisClient } from '@stockgraph/shared/redis';
import { connectTestRedis, type TestRedis } from '@stockgraph/shared/testing';
import { RedisTokenBucket } from '../RedisTokenBucket';

let t: TestRedis;
const clients: RedisClient[] = [];
const logger = createLogger('rate-limit-test', 'silent');

/** A limiter on its own connection, as each gateway process has. */
function gatewayLimiter(target = t.url): RedisTokenBucket {
  const redis = createRedisClient(target, { maxRetriesPerRequest: 0, reconnect: false, connectTimeoutMs: 500 });
  redis.on('error', () => undefined);
  clients.push(redis);
  return new RedisTokenBucket({ redis, prefix: t.prefix, fallbackKeys: 100, logger });
}

beforeAll(async () => {
  t = await connectTestRedis('rate-limit');
});
afterAll(async () => {
  for (const c of clients) await closeRedis(c);
  await t.cleanup();
});

it('two gateways draw from one bucket: 40 requests at once against a burst of 10 let exactly 10 through', async () => {
  const [a, b] = [gatewayLimiter(), gatewayLimiter()];
  const budget = { ratePerSecond: 0.001, burst: 10 };
  const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('client:storefront', budget)));
  expect(waits.filter((w) => w === 0)).toHaveLength(10);
  expect(waits.filter((w) => w > 0).every((w) => w >= 1)).toBe(true);
  // the next request through either one is refused too
  expect(await a.take('client:storefront', budget)).toBeGreaterThan(0);
  expect(await b.take('client:other', budget)).toBe(0);
});

it('refills at the budget\'s rate, by Redis\'s clock', async () => {
  const a = gatewayLimiter();
  const budget = { ratePerSecond: 20, burst: 2 };
  expect([await a.take('anon:203.0.113.7', budget), await a.take('anon:203.0.113.7', budget)]).toEqual([0, 0]);
  expect(await a.take('anon:203.0.113.7', budget)).toBe(1); // a token every 50 ms: retry after (at most) a second
  await new Promise((r) => setTimeout(r, 200));
  expect(await a.take('anon:203.0.113.7', budget)).toBe(0);
});

it('keeps each bucket in one slot of its own, whatever braces the client id has', async () => {
  const a = gatewayLimiter();
  const key = a.redisKey('client:we{ir}d');
  expect(key).toBe(`${t.prefix}rl:{client:we%7Bir%7Dd}`);
  await a.take('client:we{ir}d', { ratePerSecond: 1, burst: 5 });
  expect(await t.redis.hget(key, 'tokens')).toBe('4');
  expect(await t.redis.pttl(key)).toBeGreaterThan(0); // gone once it would be full again
});

it('limits in the process while Redis cannot be reached, instead of letting everything through', async () => {
  const gone = gatewayLimiter('redis://127.0.0.1:1');
  const budget = { ratePerSecond: 0.001, burst: 2 };
  const waits = [];
  for (let i = 0; i < 4; i++) waits.push(await gone.take('client:x', budget));
  expect(waits.map((w) => w === 0)).toEqual([true, true, false, false]);
});
