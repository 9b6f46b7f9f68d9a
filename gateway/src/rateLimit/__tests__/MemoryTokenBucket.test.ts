import { MemoryTokenBucket } from '../MemoryTokenBucket';

describe('MemoryTokenBucket', () => {
  it('allows a burst, then refills at the budget\'s rate', () => {
    const limiter = new MemoryTokenBucket(10);
    const budget = { ratePerSecond: 2, burst: 3 };
    expect([0, 1, 2].map(() => limiter.takeNow('a', budget, 1000))).toEqual([0, 0, 0]);
    expect(limiter.takeNow('a', budget, 1000)).toBe(1);
    expect(limiter.takeNow('a', budget, 1500)).toBe(0); // half a second = one token at 2/s
    expect(limiter.takeNow('a', budget, 1500)).toBe(1);
    expect(limiter.takeNow('b', budget, 1500)).toBe(0); // buckets are per key
  });

  it('answers how long to wait, rounded up to whole seconds', () => {
    const limiter = new MemoryTokenBucket(10);
    const budget = { ratePerSecond: 0.25, burst: 1 };
    expect(limiter.takeNow('a', budget, 0)).toBe(0);
    expect(limiter.takeNow('a', budget, 0)).toBe(4);
  });

  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    const limiter = new MemoryTokenBucket(2);
    const budget = { ratePerSecond: 1, burst: 1 };
    limiter.takeNow('a', budget, 0);
    limiter.takeNow('b', budget, 0);
    limiter.takeNow('a', budget, 0); // a is now the most recent
    limiter.takeNow('c', budget, 0); // drops b
    expect(limiter.size).toBe(2);
    expect(limiter.takeNow('b', budget, 0)).toBe(0); // b starts over with a full bucket
    expect(limiter.takeNow('a', budget, 0)).toBe(0); // a was dropped when b came back, so it starts over too
  });
});
