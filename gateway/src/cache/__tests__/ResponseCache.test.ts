import { ResponseCache, type CachedResponse } from '../ResponseCache';

const answer = (tags: string[], body = `{"data":${JSON.stringify(tags)}}`): CachedResponse => ({ body, contentType: 'application/json', operationName: 'Q', tags });

describe('ResponseCache', () => {
  let now = 1_000;
  const cache = (o: Partial<{ maxBytes: number; ttlMs: number }> = {}) => new ResponseCache({ maxBytes: 1 << 20, ttlMs: 60_000, now: () => now, ...o });
  beforeEach(() => (now = 1_000));

  it('remembers which questions were asked lately: a first asking is not worth keeping, a second is', () => {
    const c = cache();
    const keys = Array.from({ length: 2000 }, (_, i) => `anon\u0000\u0000{"query":"Q","variables":{"skus":["SKU-${i}"]}}`);
    expect(keys.filter((k) => c.seenBefore(k))).toEqual([]);
    // asked again: every one of them (2,000 questions over 65,536 slots collide rarely, and a collision only forgets)
    expect(keys.filter((k) => c.seenBefore(k)).length).toBeGreaterThan(1950);
    expect(c.snapshot().firstAsked).toBeGreaterThanOrEqual(2000);
    expect(c.snapshot().firstAsked).toBeLessThan(2050);
  });

  it('tells whether an answer is still current without keeping it', () => {
    const c = cache();
    const e = c.startEpoch();
    expect(c.fresh(['A'], e)).toBe(true);
    c.invalidate(['A']);
    expect(c.fresh(['A'], e)).toBe(false);
    expect(c.fresh(['B'], e)).toBe(true);
    expect(c.get('anything')).toBeUndefined();
    expect(c.snapshot().entries).toBe(0);
  });

  it('answers what it kept, byte for byte, until one of its SKUs changes', () => {
    const c = cache();
    const e = c.startEpoch();
    expect(c.set('k1', answer(['A', 'B']), e)).toBe(true);
    expect(c.set('k2', answer(['C']), e)).toBe(true);
    expect(c.get('k1')?.body).toBe('{"data":["A","B"]}');
    c.invalidate(['B']);
    expect(c.get('k1')).toBeUndefined();
    expect(c.get('k2')?.body).toBe('{"data":["C"]}');
    expect(c.snapshot()).toMatchObject({ hits: 2, misses: 1, stores: 2, invalidatedEntries: 1, entries: 1 });
  });

  it('does not keep an answer computed while one of its SKUs changed', () => {
    const c = cache();
    const started = c.startEpoch();
    c.invalidate(['A']); // a sale lands while the subgraph is answering
    expect(c.set('k', answer(['A', 'B']), started)).toBe(false);
    expect(c.get('k')).toBeUndefined();
    // another SKU's change does not matter, and a request started after the change may keep its answer
    c.invalidate(['Z']);
    expect(c.set('k', answer(['A']), c.startEpoch())).toBe(true);
    expect(c.snapshot().racesSkipped).toBe(1);
  });

  it('an invalidation before a request started does not stop it from being kept', () => {
    const c = cache();
    c.invalidate(['A']);
    const started = c.startEpoch();
    expect(c.set('k', answer(['A']), started)).toBe(true);
  });

  it('a flush drops everything and refuses answers from before it, and for the quiet period after', () => {
    const c = cache();
    const before = c.startEpoch();
    c.set('k', answer(['A']), before);
    c.flush(1500);
    expect(c.get('k')).toBeUndefined();
    expect(c.set('k', answer(['A']), before)).toBe(false);
    now += 1000;
    expect(c.set('k', answer(['A']), c.startEpoch())).toBe(false); // subgraph caches may still lag
    now += 600;
    expect(c.set('k', answer(['A']), c.startEpoch())).toBe(true);
  });

  it('drops an answer at its TTL', () => {
    const c = cache({ ttlMs: 100 });
    c.set('k', answer(['A']), c.startEpoch());
    now += 99;
    expect(c.get('k')).toBeDefined();
    now += 1;
    expect(c.get('k')).toBeUndefined();
    expect(c.snapshot()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('stays within its byte budget, least recently used out first', () => {
    const body = 'x'.repeat(1000);
    const c = cache({ maxBytes: 10_000 });
    const e = c.startEpoch();
    for (let i = 0; i < 4; i++) c.set(`k${i}`, answer([`S${i}`], body), e);
    c.get('k0'); // used: k1 is now the oldest
    c.set('k4', answer(['S4'], body), e);
    expect(c.snapshot().bytes).toBeLessThanOrEqual(10_000);
    expect(c.get('k1')).toBeUndefined();
    expect(c.get('k0')).toBeDefined();
    expect(c.get('k4')).toBeDefined();
    // an invalidation after eviction finds nothing to drop and breaks nothing
    c.invalidate(['S1']);
    expect(c.snapshot().entries).toBe(4);
  });

  it('refuses an answer too big for a quarter of the budget', () => {
    const c = cache({ maxBytes: 8_000 });
    expect(c.set('k', answer(['A'], 'y'.repeat(2000)), c.startEpoch())).toBe(false);
  });

  it('asks the same question once: requests meanwhile wait for the first one\'s answer', async () => {
    const c = cache();
    expect(c.join('k')).toBeNull(); // the first one answers
    const waiting = [c.join('k'), c.join('k')];
    const value = answer(['A']);
    expect(c.set('k', value, c.startEpoch())).toBe(true);
    c.settle('k', value);
    expect(await Promise.all(waiting)).toEqual([value, value]);
    expect(c.snapshot().coalesced).toBe(2);
    expect(c.join('k')).toBeNull(); // settled: the next miss answers again
  });

  it('an answer that was not kept is not handed to those waiting: they answer themselves', async () => {
    const c = cache();
    const started = c.startEpoch();
    c.join('k');
    const waiting = c.join('k');
    c.invalidate(['A']);
    expect(c.set('k', answer(['A']), started)).toBe(false);
    c.settle('k', undefined);
    expect(await waiting).toBeUndefined();
    expect(c.snapshot().coalesced).toBe(0);
  });

  it('names the SKUs it saw change within a window, and all of them just after a flush or a start', () => {
    const c = cache();
    expect(c.recentlyChanged(['A', 'B'], 5000)).toEqual(['A', 'B']); // just started: unknown
    now += 6000;
    expect(c.recentlyChanged(['A', 'B'], 5000)).toEqual([]);
    c.invalidate(['B']);
    now += 4000;
    expect(c.recentlyChanged(['A', 'B'], 5000)).toEqual(['B']);
    now += 2000;
    expect(c.recentlyChanged(['A', 'B'], 5000)).toEqual([]);
    c.flush();
    expect(c.recentlyChanged(['A', 'B'], 5000)).toEqual(['A', 'B']);
  });
});
