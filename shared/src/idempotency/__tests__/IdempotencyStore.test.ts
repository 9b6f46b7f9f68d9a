import { MemoryKeyValueStore } from '../../kv/MemoryKeyValueStore';
import { fingerprint, IdempotencyStore } from '../IdempotencyStore';

describe('IdempotencyStore', () => {
  it('claims a free key once; the finished answer replays under the same input and is refused under another', async () => {
    const idem = new IdempotencyStore(new MemoryKeyValueStore());
    expect(await idem.claim('s', 'k', 'fp')).toEqual({ state: 'new', firstTry: true });
    await idem.complete('s', 'k', 'fp', { id: 1 });
    expect(await idem.claim('s', 'k', 'fp')).toEqual({ state: 'done', result: { id: 1 } });
    expect(await idem.claim('s', 'k', 'other')).toEqual({ state: 'mismatch' });
  });

  it('makes a concurrent duplicate wait for the first answer, and gives up after its wait', async () => {
    const idem = new IdempotencyStore(new MemoryKeyValueStore());
    await idem.claim('s', 'k', 'fp');
    const waiting = idem.claim('s', 'k', 'fp', 2000);
    setTimeout(() => void idem.complete('s', 'k', 'fp', 'answer'), 60);
    expect(await waiting).toEqual({ state: 'done', result: 'answer' });
    await idem.claim('s', 'k2', 'fp');
    expect(await idem.claim('s', 'k2', 'fp', 50)).toEqual({ state: 'in_flight' });
  });

  it('takes over a claim left in flight by a crashed run, telling the caller it was not its first try', async () => {
    const idem = new IdempotencyStore(new MemoryKeyValueStore(), '', 24 * 3600_000, 40);
    await idem.claim('s', 'k', 'fp');
    await new Promise((r) => setTimeout(r, 60));
    expect(await idem.claim('s', 'k', 'fp')).toEqual({ state: 'new', firstTry: false });
  });

  it('frees an abandoned key for a retry', async () => {
    const idem = new IdempotencyStore(new MemoryKeyValueStore());
    await idem.claim('s', 'k', 'fp');
    await idem.abandon('s', 'k');
    expect(await idem.claim('s', 'k', 'other')).toEqual({ state: 'new', firstTry: true });
  });

  it('fingerprints inputs by value, not by key order or undefined fields', () => {
    expect(fingerprint({ a: 1, b: [1, { c: 2, d: undefined }] })).toBe(fingerprint({ b: [1, { c: 2 }], a: 1 }));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ a: 2 }));
  });
});
