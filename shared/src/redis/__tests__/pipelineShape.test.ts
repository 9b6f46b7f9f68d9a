import { setFlagsFromString } from 'node:v8';
import { connectTestRedis, type TestRedis } from '../../testing';

/*
 * patches/ioredis+5.11.1.patch. ioredis 5.11 (and 6.0) gives every Pipeline an own `length`
 * accessor with a closure of its own: in V8 that is a hidden class per pipeline, allocated in old
 * space and pointing at the young pipeline, so every pipeline (auto-pipelining makes one per tick)
 * and the commands and replies it holds survive the young-generation GC and are promoted
 * (`npm run bench -- pipeline-gc` measures it). An upgrade that drops the patch fails here.
 */
setFlagsFromString('--allow-natives-syntax');
const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: object, b: object) => boolean;

let t: TestRedis;
beforeAll(async () => { t = await connectTestRedis('pipeline-shape'); });
afterAll(async () => { await t.cleanup(); });

it('pipelines share one hidden class, with `length` on the prototype', async () => {
  const [a, b] = [t.redis.pipeline(), t.redis.pipeline()];
  expect(Object.getOwnPropertyDescriptor(a, 'length')).toBeUndefined();
  expect(sameHiddenClass(a, b)).toBe(true);
  a.ping().ping();
  expect([a.length, b.length]).toEqual([2, 0]);
  expect(await a.exec()).toEqual([[null, 'PONG'], [null, 'PONG']]);
  await b.exec();
});
