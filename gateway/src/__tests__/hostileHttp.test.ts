// HOSTILE-INPUTS.md rows about the HTTP envelope, masking and the safelist, against a
// production-mode gateway in front of two fixture subgraphs.
import { queryHash } from '../resolveConfig';
import type { GatewayServer } from '../server';
import { startFixtureGateway, type FixtureGateway } from './fixtures/startFixtureGateway';
import { codes, messages, post, send } from './fixtures/http';

const WRITER_KEY = 'writer-key-0123456789abcdef';
const SAFE_QUERY = 'query Safe { product(id: "1") { id name } }';
let fx: FixtureGateway;
let url: string;
let safelisted: GatewayServer;

beforeAll(async () => {
  fx = await startFixtureGateway({
    auth: { apiKeys: { [WRITER_KEY]: { clientId: 'pos-app', channel: 'RETAIL', scopes: [] } } },
  });
  url = fx.gateway.url;
  safelisted = await fx.startGateway({ safelist: { mode: 'enforce', operations: { [queryHash(SAFE_QUERY)]: SAFE_QUERY } } });
});
afterAll(() => fx.close());

const get = (query: string, headers: Record<string, string> = {}) =>
  send(`${url}?query=${encodeURIComponent(query)}`, { headers });

describe('hostile HTTP requests (prod mode)', () => {
  it('an array batch → 400 "Operation batching disabled."', async () => {
    const before = fx.subgraphCalls();
    const a = await post(url, Array.from({ length: 10 }, () => ({ query: '{ product(id: "1") { id } }' })));
    expect(a.status).toBe(400);
    expect(messages(a)).toBe('Operation batching disabled.');
    expect(fx.subgraphCalls()).toBe(before);
  });

  it('a body over the limit (1 MB variable) → 413, and the gateway keeps serving', async () => {
    const a = await post(url, { query: 'query ($s: String) { __typename }', variables: { s: 'x'.repeat(1_000_000) } });
    expect(a.status).toBe(413);
    expect(codes(a)).toEqual(['PAYLOAD_TOO_LARGE']);
    const lying = await send(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '10' }, body: '{"query":"{__typename}"}'.slice(0, 10) });
    expect(lying.status).toBe(400); // a truncated body is bad JSON, not a crash
    const after = await post(url, { query: '{ product(id: "1") { name } }' });
    expect(after.json).toEqual({ data: { product: { name: 'Product 1' } } });
  });

  it('a mutation over GET → 405 with Allow: POST, nothing written', async () => {
    const written = fx.reservations();
    const a = await get('mutation { reserve(sku: "S1", quantity: 1) { id } }', { 'apollo-require-preflight': 'true', 'x-api-key': WRITER_KEY });
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('POST');
    expect(fx.reservations()).toBe(written);
  });

  it('GET without content-type or preflight header → 400 CSRF; with one it is served', async () => {
    const a = await get('{ __typename }');
    expect(a.status).toBe(400);
    expect(messages(a)).toMatch(/Cross-Site Request Forgery/);
    const ok = await get('{ __typename }', { 'apollo-require-preflight': 'true' });
    expect(ok.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('form-encoded and text/plain posts → 400 CSRF, never executed', async () => {
    const written = fx.reservations();
    const form = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-api-key': WRITER_KEY },
      body: 'query=mutation%20%7B%20reserve(sku%3A%22S1%22%2C%20quantity%3A1)%20%7B%20id%20%7D%20%7D',
    });
    expect(form.status).toBe(400);
    expect(messages(form)).toMatch(/Cross-Site Request Forgery/);
    const text = await post(url, JSON.stringify({ query: 'mutation { reserve(sku: "S1", quantity: 1) { id } }' }), {
      'content-type': 'text/plain',
      'x-api-key': WRITER_KEY,
    });
    expect(text.status).toBe(400);
    expect(messages(text)).toMatch(/Cross-Site Request Forgery/);
    expect(fx.reservations()).toBe(written);
  });

  it('GET /graphql with Accept: text/html gets no landing page HTML', async () => {
    const a = await send(url, { headers: { accept: 'text/html' } });
    expect(a.headers.get('content-type') ?? '').not.toMatch(/html/);
    expect(a.text).not.toMatch(/<html|<!doctype|sandbox|graphiql|playground/i);
  });

  it('no extensions (ftv1, tracing) reach the client, even when subgraphs send them', async () => {
    const a = await post(url, { query: '{ product(id: "1") { name stock } }' });
    expect(a.json).toEqual({ data: { product: { name: 'Product 1', stock: 1 } } });
    expect(a.text).not.toMatch(/ftv1|tracing/);
  });

  it('safelist on: free-form query → 400, unknown hash → PERSISTED_QUERY_NOT_FOUND, known → served', async () => {
    const before = fx.subgraphCalls();
    const free = await post(safelisted.url, { query: '{ product(id: "2") { id } }' });
    expect(free.status).toBe(400);
    expect(codes(free)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const unknown = await post(safelisted.url, { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } });
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(fx.subgraphCalls()).toBe(before);
    const byHash = await post(safelisted.url, { extensions: { persistedQuery: { version: 1, sha256Hash: queryHash(SAFE_QUERY) } } });
    expect(byHash.json).toEqual({ data: { product: { id: '1', name: 'Product 1' } } });
    const byText = await post(safelisted.url, { query: SAFE_QUERY });
    expect(byText.status).toBe(200);
  });

  it('a subgraph 500 with an internal body → no extensions.response, host, URL or body', async () => {
    fx.orders.failWith = 500;
    try {
      const a = await post(url, { query: '{ reservationCount }' });
      expect(a.json.errors).toHaveLength(1);
      expect(a.json.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      for (const leak of ['10.1.2.3', 'erp.internal', 'debug', '127.0.0.1', fx.orders.url, 'orders', 'stack']) {
        expect(a.text).not.toContain(leak);
      }
    } finally {
      fx.orders.failWith = null;
    }
    const healed = await post(url, { query: '{ reservationCount }' });
    expect(healed.json.data.reservationCount).toBe(fx.reservations());
  });

  it('other methods → 405 with Allow: GET, POST', async () => {
    const a = await send(url, { method: 'PUT', body: '{}' });
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('GET, POST');
  });
});
