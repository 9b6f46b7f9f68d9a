import type Redis from 'ioredis';
import { checkRedisConfig } from '../connect';
import { connectTestRedis, type TestRedis } from '../../testing';
import { roundTripInOrder } from '../roundTrip';

/** A client whose CONFIG GET answers from a table (or refuses), to drive every branch. */
function fakeConfig(values: Record<string, string> | Error): Redis {
  return {
    config: async (_sub: string, name: string) => {
      if (values instanceof Error) throw values;
      return name in values ? [name, values[name]] : [];
    },
  } as unknown as Redis;
}

const healthy = {
  'maxmemory-policy': 'noeviction', appendonly: 'yes', save: '3600 1', 'hash-max-listpack-entries': '512', 'hash-max-listpack-value': '64',
};

describe('checkRedisConfig', () => {
  it('finds nothing wrong with a safe configuration', async () => {
    expect(await checkRedisConfig(fakeConfig(healthy), { locationsPerSku: 200 })).toEqual([]);
  });

  it('reports eviction, missing persistence and listpack limits too small', async () => {
    const problems = await checkRedisConfig(
      fakeConfig({ ...healthy, 'maxmemory-policy': 'allkeys-lru', appendonly: 'no', save: '', 'hash-max-listpack-entries': '128', 'hash-max-listpack-value': '32' }),
      { locationsPerSku: 200 },
    );
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/allkeys-lru.*noeviction/);
    expect(problems[1]).toMatch(/persistence is off/);
    expect(problems[2]).toMatch(/hash-max-listpack-entries is 128.*200/);
    expect(problems[3]).toMatch(/hash-max-listpack-value is 32/);
  });

  it('falls back to the ziplist names of older servers', async () => {
    const old = { 'maxmemory-policy': 'noeviction', appendonly: 'yes', 'hash-max-ziplist-entries': '100', 'hash-max-ziplist-value': '64' };
    expect(await checkRedisConfig(fakeConfig(old), { locationsPerSku: 200 })).toEqual([expect.stringMatching(/is 100/)]);
  });

  it('says so once when CONFIG is refused', async () => {
    const problems = await checkRedisConfig(fakeConfig(new Error("ERR unknown command 'CONFIG'")));
    expect(problems).toEqual([expect.stringMatching(/cannot read the server config.*unknown command/)]);
  });

  describe('against the real server', () => {
    let t: TestRedis;
    beforeAll(async () => {
      t = await connectTestRedis('connect');
    });
    afterAll(async () => t.cleanup());

    it('reads the live settings', async () => {
      const live = await t.redis.config('GET', 'maxmemory-policy') as string[];
      const problems = await checkRedisConfig(t.redis, { locationsPerSku: 100_000 });
      expect(problems.some((p) => /maxmemory-policy/.test(p))).toBe(live[1] !== 'noeviction');
      expect(problems.some((p) => /hash-max-listpack-entries is \d+ but a SKU has up to 100000/.test(p))).toBe(true);
    });
  });
});

describe('connectTestRedis', () => {
  it('explains how to start Redis when none answers', async () => {
    const saved = process.env.REDIS_URL;
    const savedNodes = process.env.REDIS_CLUSTER_NODES;
    delete process.env.REDIS_CLUSTER_NODES;
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    try {
      await expect(connectTestRedis('nothing')).rejects.toThrow(
        /No Redis at redis:\/\/127\.0\.0\.1:1 .*redis-server --daemonize yes --port 6379 --save "" --appendonly no.*or set REDIS_URL/,
      );
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
      if (savedNodes !== undefined) process.env.REDIS_CLUSTER_NODES = savedNodes;
    }
  });
});

// one node's socket and order; a Cluster sends `then` after `first`'s replies (roundTrip.ts)
(process.env.REDIS_CLUSTER_NODES ? describe.skip : describe)('roundTripInOrder (real Redis)', () => {
  let t: TestRedis;
  beforeAll(async () => { t = await connectTestRedis('roundTripInOrder'); });
  afterAll(async () => { await t.cleanup(); });

  it('runs the first commands before the rest, in one write on one node', async () => {
    const k = `${t.prefix}ordered`;
    const writes: number[] = [];
    const stream = (t.redis as unknown as { stream: { write: (...a: unknown[]) => boolean } }).stream;
    const write = stream.write.bind(stream);
    stream.write = (...a: unknown[]) => { writes.push(1); return write(...a); };
    try {
      const [first, then] = await roundTripInOrder(t.redis, [['set', k, '1'], ['incr', k]], [['get', k], ['incrby', k, 10]]);
      expect(first).toEqual(['OK', 2]);
      expect(then).toEqual(['2', 12]);
      expect(writes).toHaveLength(1);
    } finally {
      stream.write = write;
    }
  });

  it('throws the first error, after the others have run', async () => {
    const k = `${t.prefix}failing`;
    await t.redis.set(k, 'text');
    await expect(roundTripInOrder(t.redis, [['incr', k]], [['set', `${k}:after`, 'ran']])).rejects.toThrow(/not an integer/);
    expect(await t.redis.get(`${k}:after`)).toBe('ran');
    await expect(roundTripInOrder(t.redis, [['nosuchcommand', k]], [])).rejects.toThrow(/unknown Redis command/);
  });
});
