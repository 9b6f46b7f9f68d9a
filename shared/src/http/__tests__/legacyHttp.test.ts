import nock from 'nock';
import { LegacyError } from '../../errors';
import { createLegacyHttp, errorFromResponse, type LegacyHealth, type LegacyHttpOptions } from '../legacyHttp';
import { failure, takeUnusedMocks, useNock } from '../testing/legacyNock';

const BASE = 'http://erp.internal.example:4301';
const LEAK = '{"debug":"ERP host 10.1.2.3 stack at Db.query (/srv/erp/db.js:12)"}';

function http(extra: Partial<LegacyHttpOptions> = {}) {
  return createLegacyHttp({ system: 'ERP', baseUrl: BASE, timeoutMs: 1000, retries: 2, backoffMs: 1, ...extra });
}

function expectNoLeak(err: Error): void {
  for (const secret of ['erp.internal', '4301', '10.1.2.3', 'debug', 'stack', 'http://']) expect(err.message).not.toContain(secret);
}

useNock();

describe('createLegacyHttp', () => {
  it('sends the query and returns the JSON answer', async () => {
    const scope = nock(BASE).get('/api/v1/materials').query({ page: '2', size: '100' }).reply(200, { ok: true });
    await expect(http().getJson('materials', '/api/v1/materials', { page: 2, size: 100, changedSince: undefined })).resolves.toEqual({ ok: true });
    scope.done();
  });

  it('keeps a path prefix of the base URL', async () => {
    const scope = nock(BASE).get('/erp/api/v1/vendors').reply(200, '[]');
    await expect(http({ baseUrl: `${BASE}/erp/` }).getJson('vendors', '/api/v1/vendors')).resolves.toEqual([]);
    scope.done();
  });

  it('turns a 500 with a leaky body into a status LegacyError without host or body, after retrying the GET', async () => {
    const scope = nock(BASE).get('/api/v1/plants').times(3).reply(500, LEAK);
    const err = await failure(http().getJson('plants', '/api/v1/plants'));
    expect(err).toMatchObject({ system: 'ERP', kind: 'status', status: 500 });
    expectNoLeak(err);
    scope.done();
  });

  it('retries a GET until it succeeds', async () => {
    const scope = nock(BASE).get('/x').reply(503, LEAK).get('/x').reply(200, '{"n":1}');
    await expect(http().getJson('x', '/x')).resolves.toEqual({ n: 1 });
    scope.done();
  });

  it('never retries a write without an idempotency key', async () => {
    nock(BASE).post('/sales').reply(500, LEAK).post('/sales').reply(201, '{}');
    const err = await failure(http().request({ op: 'sale', method: 'POST', path: '/sales', body: '{}' }));
    expect(err.status).toBe(500);
    expect(takeUnusedMocks()).toEqual([`POST ${BASE}/sales`]);
  });

  it('retries a write that carries an idempotency key, sending the key every time', async () => {
    const scope = nock(BASE)
      .post('/orders', { a: 1 })
      .matchHeader('idempotency-key', 'k-1')
      .reply(502, LEAK)
      .post('/orders', { a: 1 })
      .matchHeader('idempotency-key', 'k-1')
      .reply(201, '{"id":"o1"}');
    const res = await http().request({ op: 'order', method: 'POST', path: '/orders', body: '{"a":1}', idempotencyKey: 'k-1' });
    expect(res).toEqual({ status: 201, text: '{"id":"o1"}' });
    scope.done();
  });

  it('refuses an idempotency key that could split headers', async () => {
    await expect(http().request({ op: 'order', method: 'POST', path: '/orders', body: '{}', idempotencyKey: 'a\r\nX-Injected: 1' })).rejects.toThrow(RangeError);
  });

  it('does not retry a 4xx and lets the caller take statuses it interprets', async () => {
    const scope = nock(BASE).get('/orders/9').reply(404, LEAK).get('/orders/9').reply(404, '{"error":"not_found"}');
    const err = await failure(http().getText('order', '/orders/9'));
    expect(err).toMatchObject({ kind: 'status', status: 404 });
    expectNoLeak(err);
    await expect(http().request({ op: 'order', path: '/orders/9', passStatuses: [404] })).resolves.toEqual({ status: 404, text: '{"error":"not_found"}' });
    scope.done();
  });

  it('times out a slow answer with kind timeout', async () => {
    const scope = nock(BASE).get('/slow').delay(2000).reply(200, '{}');
    const err = await failure(http({ timeoutMs: 40, retries: 0 }).getJson('slow', '/slow'));
    expect(err.kind).toBe('timeout');
    expectNoLeak(err);
    scope.done();
  });

  it('reports an answer that is not JSON as a format error', async () => {
    const scope = nock(BASE).get('/html').reply(200, '<html>ERP host 10.1.2.3</html>');
    const err = await failure(http().getJson('html', '/html'));
    expect(err.kind).toBe('format');
    expectNoLeak(err);
    scope.done();
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const fake = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response('{"v":2}', { status: 200 });
    }) as typeof fetch;
    await expect(http({ fetch: fake }).getJson('v', '/v', { a: 'b c' })).resolves.toEqual({ v: 2 });
    expect(calls).toEqual([`${BASE}/v?a=b+c`]);
  });
});

describe('circuit breaker', () => {
  afterEach(() => jest.restoreAllMocks());

  it('opens after consecutive failures, fails fast while open, then half-opens and closes', async () => {
    const client = http({ retries: 0, breaker: { kind: 'consecutive', threshold: 2, halfOpenAfterMs: 60_000 } });
    const seen: LegacyHealth[] = [];
    client.onStateChange((s) => seen.push(s));
    nock(BASE).get('/p').times(2).reply(500, LEAK);
    await failure(client.getText('p', '/p'));
    expect(client.health()).toBe('up');
    await failure(client.getText('p', '/p'));
    expect(client.health()).toBe('down');
    expect(client.state).toBe('down');

    const unused = nock(BASE).get('/p').reply(200, 'ok');
    const err = await failure(client.getText('p', '/p'));
    expect(err.kind).toBe('unavailable');
    expectNoLeak(err);
    expect(unused.isDone()).toBe(false);

    const later = Date.now() + 61_000;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    await expect(client.getText('p', '/p')).resolves.toBe('ok');
    expect(client.health()).toBe('up');
    expect(seen).toEqual(['down', 'half-open', 'up']);
    unused.done();
  });

  it('does not count 4xx answers as the system being down', async () => {
    const client = http({ retries: 0, breaker: { kind: 'consecutive', threshold: 1 } });
    const scope = nock(BASE).get('/q').times(3).reply(400, 'bad');
    for (let i = 0; i < 3; i++) await failure(client.getText('q', '/q'));
    expect(client.health()).toBe('up');
    scope.done();
  });

  it('counts each retry attempt towards opening', async () => {
    const client = http({ retries: 4, breaker: { kind: 'consecutive', threshold: 3 } });
    const scope = nock(BASE).get('/r').times(3).reply(500, LEAK);
    const err = await failure(client.getText('r', '/r'));
    expect(err.kind).toBe('unavailable');
    expect(client.health()).toBe('down');
    scope.done();
  });

  it('supports a sampling breaker', async () => {
    // the sampling windows follow Date.now; holding it still keeps every call in one window
    jest.spyOn(Date, 'now').mockReturnValue(Date.now());
    const client = http({ retries: 0, breaker: { kind: 'sampling', threshold: 0.5, durationMs: 1000, minimumRps: 5 } });
    nock(BASE).get('/s').times(6).reply(500, LEAK);
    for (let i = 0; i < 6 && client.health() === 'up'; i++) await failure(client.getText('s', '/s'));
    expect(client.health()).toBe('down');
    // it opened before the sixth call
    expect(takeUnusedMocks()).toEqual([`GET ${BASE}/s`]);
  });
});

describe('errorFromResponse', () => {
  it('classifies every failure shape', () => {
    expect(errorFromResponse('WMS', 'stock', { status: 503 })).toMatchObject({ kind: 'status', status: 503, retryable: true });
    expect(errorFromResponse('WMS', 'stock', new DOMException('x', 'TimeoutError')).kind).toBe('timeout');
    expect(errorFromResponse('WMS', 'stock', new SyntaxError('Unexpected token < at 10.1.2.3')).kind).toBe('format');
    expect(errorFromResponse('WMS', 'stock', new TypeError('fetch failed')).kind).toBe('unavailable');
    const same = new LegacyError('WMS', 'format', 'x');
    expect(errorFromResponse('WMS', 'stock', same)).toBe(same);
    expect(errorFromResponse('WMS', 'stock', new SyntaxError('10.1.2.3')).message).not.toContain('10.1.2.3');
  });
});
