import { connectTestRedis, deleteByPrefix, scanKeys, type TestRedis } from '../../testing';
import { RedisEventStreams } from '../RedisEventStreams';
import { runEventStreamsContract } from './streamContract';

let t: TestRedis;
let n = 0;

beforeAll(async () => { t = await connectTestRedis('RedisEventStreams'); });
afterAll(async () => { await t.cleanup(); });

runEventStreamsContract(
  'RedisEventStreams',
  async (retention) => new RedisEventStreams({ redis: t.redis, prefix: `${t.prefix}${++n}:`, retention }),
  async () => void (await deleteByPrefix(t.redis, t.prefix)),
);

describe('RedisEventStreams specifics', () => {
  it('keeps a stream in one key with a hash tag (one Cluster slot), under the prefix', async () => {
    const s = new RedisEventStreams({ redis: t.redis, prefix: `${t.prefix}own:` });
    await s.append('demand', 'x', '{}');
    expect(await scanKeys(t.redis, `${t.prefix}own:*`)).toEqual([`${t.prefix}own:stream:{demand}`]);
    expect(s.key('demand')).toBe(`${t.prefix}own:stream:{demand}`);
    expect(await t.redis.type(s.key('demand'))).toBe('stream');
    await s.close();
  });
});
