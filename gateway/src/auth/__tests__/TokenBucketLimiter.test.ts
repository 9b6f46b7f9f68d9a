import { TokenBucketLimiter, rateLimitKey } from '../TokenBucketLimiter';

describe('TokenBucketLimiter', () => {
  it('allows a burst, then refills at the configured rate', () => {
    const limiter = new TokenBucketLimiter({ ratePerSecond: 2, burst: 3, maxClients: 10 });
    expect([0, 1, 2].map(() => limiter.take('a', 1000))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 1000)).toBe(1);
    expect(limiter.take('a', 1500)).toBe(0); // half a second = one token at 2/s
    expect(limiter.take('a', 1500)).toBe(1);
    expect(limiter.take('b', 1500)).toBe(0); // buckets are per key
  });

  it('answers how long to wait, rounded up to whole seconds', () => {
    const limiter = new TokenBucketLimiter({ ratePerSecond: 0.25, burst: 1, maxClients: 10 });
    expect(limiter.take('a', 0)).toBe(0);
    expect(limiter.take('a', 0)).toBe(4);
  });

  it('keeps at most maxClients buckets, dropping the least recently used', () => {
    const limiter = new TokenBucketLimiter({ ratePerSecond: 1, burst: 1, maxClients: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('a', 0); // a is now the most recent
    limiter.take('c', 0); // drops b
    expect(limiter.size).toBe(2);
    expect(limiter.take('b', 0)).toBe(0); // b starts over with a full bucket
    expect(limiter.take('a', 0)).toBe(0); // a was dropped when b came back, so it starts over too
  });

  it('keys partners together, anonymous callers by address', () => {
    const base = { channel: null, assortment: null, scopes: [], anonymous: false };
    expect(rateLimitKey({ ...base, clientId: 'app1', partnerId: 'acme' }, '1.2.3.4')).toBe('partner:acme');
    expect(rateLimitKey({ ...base, clientId: 'app1', partnerId: null }, '1.2.3.4')).toBe('client:app1');
    expect(rateLimitKey({ ...base, clientId: 'anonymous', partnerId: null, anonymous: true }, '1.2.3.4')).toBe('anon:1.2.3.4');
  });
});
