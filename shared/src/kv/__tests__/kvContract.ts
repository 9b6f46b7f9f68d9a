import type { KeyValueStore } from '../KeyValueStore';
import { waitFor } from '../../testing';

/**
 * The behaviour every KeyValueStore must show. `makeStore` returns an empty store each call
 * (Redis: a fresh key prefix); `cleanup` runs once after the suite.
 */
export function runKeyValueContract(name: string, makeStore: () => Promise<KeyValueStore>, cleanup: () => Promise<void>): void {
  describe(`${name}: KeyValueStore contract`, () => {
    const open: KeyValueStore[] = [];
    const store = async () => {
      const s = await makeStore();
      open.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });
    afterAll(cleanup);

    it('sets, gets, deletes and reads many keys in order', async () => {
      const kv = await store();
      expect(await kv.get('a')).toBeNull();
      expect(await kv.set('a', '1')).toBe(true);
      expect(await kv.set('b', 'two words')).toBe(true);
      expect(await kv.mget(['b', 'missing', 'a'])).toEqual(['two words', null, '1']);
      expect(await kv.mget([])).toEqual([]);
      await kv.del('a');
      await kv.del('never-there');
      expect(await kv.get('a')).toBeNull();
    });

    it('sets only when absent with ifAbsent', async () => {
      const kv = await store();
      expect(await kv.set('idem', 'first', { ifAbsent: true })).toBe(true);
      expect(await kv.set('idem', 'second', { ifAbsent: true })).toBe(false);
      expect(await kv.get('idem')).toBe('first');
      const racers = await Promise.all(Array.from({ length: 20 }, (_, i) => kv.set('race', `r${i}`, { ifAbsent: true, ttlMs: 60_000 })));
      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    it('expires a key after its TTL and keeps one without', async () => {
      const kv = await store();
      await kv.set('short', 'x', { ttlMs: 30 });
      await kv.set('long', 'y', { ttlMs: 60_000 });
      await kv.set('forever', 'z');
      await waitFor(() => kv.get('short'), (v) => v === null, { what: 'the short TTL to expire' });
      expect(await kv.mget(['long', 'forever'])).toEqual(['y', 'z']);
      await expect(kv.set('bad', 'x', { ttlMs: 0 })).rejects.toThrow(RangeError);
    });

    it('keeps hashes', async () => {
      const kv = await store();
      await kv.hset('h', { a: '1', b: '2' });
      await kv.hset('h', { b: '3', c: '4' });
      await kv.hset('h', {});
      expect(await kv.hget('h', 'b')).toBe('3');
      expect(await kv.hget('h', 'zz')).toBeNull();
      expect(await kv.hmget('h', ['c', 'zz', 'a'])).toEqual(['4', null, '1']);
      expect(await kv.hgetall('h')).toEqual({ a: '1', b: '3', c: '4' });
      await kv.hdel('h', ['a', 'zz']);
      expect(await kv.hgetall('h')).toEqual({ b: '3', c: '4' });
      await kv.hdel('h', ['b', 'c']);
      expect(await kv.hgetall('h')).toEqual({});
      expect(await kv.hgetall('missing')).toEqual({});
      expect(await kv.hmget('missing', ['a'])).toEqual([null]);
    });

    it('counts atomically and refuses to count text', async () => {
      const kv = await store();
      expect(await kv.incr('n')).toBe(1);
      expect(await kv.incr('n', 5)).toBe(6);
      expect(await kv.incr('n', -2)).toBe(4);
      const all = await Promise.all(Array.from({ length: 50 }, () => kv.incr('c')));
      expect(new Set(all).size).toBe(50);
      expect(await kv.get('c')).toBe('50');
      await kv.set('text', 'abc');
      await expect(kv.incr('text')).rejects.toThrow();
    });

    it('runs commands sent one after another in that order', async () => {
      const kv = await store();
      // a Cluster keeps no order between nodes, and says so (callers then await each step)
      if (process.env.REDIS_CLUSTER_NODES) return expect(kv.keepsOrder).toBe(false);
      expect(kv.keepsOrder).toBe(true);
      const [, , seen] = await Promise.all([kv.set('o', '1'), kv.incr('o', 2), kv.get('o')]);
      expect(seen).toBe('3');
    });

    it('counts hash fields atomically and refuses to count text', async () => {
      const kv = await store();
      expect(await kv.hincr('hc', 'a')).toBe(1);
      expect(await kv.hincr('hc', 'a', 4)).toBe(5);
      expect(await kv.hincr('hc', 'b', -2)).toBe(-2);
      const all = await Promise.all(Array.from({ length: 50 }, () => kv.hincr('hc', 'c')));
      expect(new Set(all).size).toBe(50);
      expect(await kv.hmget('hc', ['a', 'b', 'c', 'd'])).toEqual(['5', '-2', '50', null]);
      await kv.hset('hc', { t: 'text' });
      await expect(kv.hincr('hc', 't')).rejects.toThrow();
      await expect(kv.hincr('hc', 'a', 1.5)).rejects.toThrow(RangeError);
      await kv.set('s', 'x');
      await expect(kv.hincr('s', 'a')).rejects.toThrow(/WRONGTYPE/);
    });

    it('counts a hash field up to a limit, atomically', async () => {
      const kv = await store();
      const took = await Promise.all(Array.from({ length: 12 }, () => kv.hincrBelow('cap', 'S1', 5, { ttlMs: 60_000 })));
      expect(took.filter(Boolean)).toHaveLength(5);
      expect(await kv.hmget('cap', ['S1'])).toEqual(['5']);
      await kv.hincr('cap', 'S1', -1);
      expect(await kv.hincrBelow('cap', 'S1', 5)).toBe(true);
      expect(await kv.hincrBelow('cap', 'S1', 5)).toBe(false);
      expect(await kv.hincrBelow('cap', 'S2', 0)).toBe(false);
      expect(await kv.hgetall('cap')).toEqual({ S1: '5' });
      await kv.hincrBelow('brief', 'x', 3, { ttlMs: 30 });
      await kv.hincr('brief', 'x', -1);
      await waitFor(() => kv.hgetall('brief'), (h) => Object.keys(h).length === 0, { what: 'the hash TTL to expire' });
      await expect(kv.hincrBelow('cap', 'S1', 5, { ttlMs: 0 })).rejects.toThrow(RangeError);
      await kv.hset('cap', { t: 'text' });
      await expect(kv.hincrBelow('cap', 't', 5)).rejects.toThrow(/not an integer/);
      await expect(kv.hincrBelow('cap', 'S1', 1.5)).rejects.toThrow(RangeError);
    });

    it('keeps capped lists newest first', async () => {
      const kv = await store();
      for (let i = 1; i <= 6; i++) await kv.lpushCapped('l', `v${i}`, 4);
      expect(await kv.lrange('l', 0, -1)).toEqual(['v6', 'v5', 'v4', 'v3']);
      expect(await kv.lrange('l', 1, 2)).toEqual(['v5', 'v4']);
      expect(await kv.lrange('l', -2, -1)).toEqual(['v4', 'v3']);
      expect(await kv.lrange('l', 5, 10)).toEqual([]);
      expect(await kv.lrange('missing', 0, -1)).toEqual([]);
      await kv.set('s', 'x');
      await expect(kv.lrange('s', 0, -1)).rejects.toThrow(/WRONGTYPE/);
    });

    it('publishes to subscribers until they unsubscribe', async () => {
      const kv = await store();
      const a: string[] = [];
      const b: string[] = [];
      const offA = await kv.subscribe('news', (m) => a.push(m));
      await kv.subscribe('news', (m) => b.push(m));
      const other: string[] = [];
      await kv.subscribe('other', (m) => other.push(m));
      await kv.publish('news', 'one');
      await waitFor(() => a.length === 1 && b.length === 1, Boolean, { what: 'first message' });
      await offA();
      await kv.publish('news', 'two');
      await kv.publish('other', 'marker');
      await waitFor(() => other.length === 1, Boolean, { what: 'marker' });
      await waitFor(() => b.length === 2, Boolean, { what: 'second message to the remaining subscriber' });
      expect(a).toEqual(['one']);
      expect(b).toEqual(['one', 'two']);
      expect(other).toEqual(['marker']);
    });
  });
}
