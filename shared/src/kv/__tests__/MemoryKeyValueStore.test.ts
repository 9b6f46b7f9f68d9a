import { MemoryKeyValueStore } from '../MemoryKeyValueStore';
import { runKeyValueContract } from './kvContract';

runKeyValueContract('MemoryKeyValueStore', async () => new MemoryKeyValueStore(), async () => undefined);

describe('MemoryKeyValueStore specifics', () => {
  it('expires on its clock and keeps a TTL across incr', async () => {
    let now = 1000;
    const kv = new MemoryKeyValueStore({ clock: () => now });
    await kv.set('k', '1', { ttlMs: 100 });
    expect(await kv.incr('k')).toBe(2);
    now += 99;
    expect(await kv.get('k')).toBe('2');
    now += 1;
    expect(await kv.get('k')).toBeNull();
    expect(await kv.set('k', 'again', { ifAbsent: true })).toBe(true);
  });
});
