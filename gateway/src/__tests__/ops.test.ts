// The operational surface: health, readiness, metrics, request ids, subgraph URL overrides,
// subgraph timeouts, development mode and shutdown.
import { getIntrospectionQuery } from 'graphql';
import { createGatewayServer } from '../server';
import { FIXTURE_SECRET, startFixtureGateway, type FixtureGateway } from './fixtures/startFixtureGateway';
import { codes, messages, post, send } from './fixtures/http';

let fx: FixtureGateway;
let base: string;
beforeAll(async () => {
  fx = await startFixtureGateway();
  base = fx.gateway.url.replace(/\/graphql$/, '');
});
afterAll(() => fx.close());

describe('health and readiness', () => {
  it('/health answers ok once the supergraph is loaded; / serves GraphQL too; other paths are refused', async () => {
    expect((await send(`${base}/health`)).json).toEqual({ status: 'ok' });
    expect((await send(`${base}/health`, { method: 'POST' })).status).toBe(405);
    expect((await send(`${base}/nope`)).status).toBe(404);
    expect((await post(`${base}/`, { query: '{ __typename }' })).json).toEqual({ data: { __typename: 'Query' } });
  });

  it('/ready asks every subgraph for __typename, signed, and reports the one that is down', async () => {
    const ready = await send(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(ready.json).toEqual({ status: 'ready', subgraphs: { catalog: 'ok', orders: 'ok' } });
    expect(fx.orders.identities.at(-1)?.clientId).toBe('gateway-probe');
    fx.orders.failWith = 503;
    try {
      const down = await send(`${base}/ready`);
      expect(down.status).toBe(503);
      expect(down.json).toEqual({ status: 'not_ready', subgraphs: { catalog: 'ok', orders: 'down' } });
    } finally {
      fx.orders.failWith = null;
    }
  });
});

describe('observability', () => {
  it('/metrics counts requests by operation name and status', async () => {
    await post(fx.gateway.url, { query: 'query Hello { __typename }', operationName: 'Hello' });
    await post(fx.gateway.url, { query: 'query Hello { product(id: "1") { id } }', operationName: 'Hello' });
    const metrics = await send(`${base}/metrics`);
    expect(metrics.text).toContain('gateway_graphql_requests_total{operation="Hello",status="200"} 2');
    expect(metrics.text).toMatch(/gateway_graphql_request_duration_seconds_count\{operation="Hello"\} 2/);
    expect(metrics.text).toMatch(/gateway_subgraph_request_duration_seconds_count\{subgraph="catalog",outcome="ok"\} \d+/);
  });

  it('keeps a safe x-request-id, echoes it and forwards it; replaces an unsafe one', async () => {
    const kept = await post(fx.gateway.url, { query: '{ product(id: "1") { id } }' }, { 'x-request-id': 'req-123.abc' });
    expect(kept.headers.get('x-request-id')).toBe('req-123.abc');
    expect(fx.catalog.headers.at(-1)?.['x-request-id']).toBe('req-123.abc');
    const replaced = await post(fx.gateway.url, { query: '{ product(id: "1") { id } }' }, { 'x-request-id': 'a b{c}'.repeat(3) });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(fx.catalog.headers.at(-1)?.['x-request-id']).toBe(replaced.headers.get('x-request-id'));
  });
});

describe('subgraphs', () => {
  it('routes to the URL override (by name or SUBGRAPH_<NAME>_URL spelling), not the supergraph URL', async () => {
    const sdl = fx.supergraphSdl.replace(fx.catalog.url, 'http://127.0.0.1:9/graphql').replace(fx.orders.url, 'http://127.0.0.1:9/graphql');
    const gw = await createGatewayServer({
      supergraphSdl: sdl,
      subgraphUrls: { CATALOG: fx.catalog.url, orders: fx.orders.url },
      config: { auth: { signingSecret: FIXTURE_SECRET } },
    });
    try {
      const a = await post(gw.url, { query: '{ product(id: "7") { name stock } }' });
      expect(a.json).toEqual({ data: { product: { name: 'Product 7', stock: 1 } } });
    } finally {
      await gw.close();
    }
  });

  it('a subgraph that never answers is cut off by the timeout; the client gets a masked error', async () => {
    const gw = await fx.startGateway({ subgraphTimeoutMs: 50 });
    fx.orders.hang = true;
    try {
      const a = await post(gw.url, { query: '{ reservationCount }' });
      expect(a.json.data).toBeNull();
      expect(codes(a)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(a.text).not.toContain('127.0.0.1');
    } finally {
      fx.orders.hang = false;
    }
  });
});

describe('development mode', () => {
  it('introspection works for tools, but nested introspection lists are still refused (row 2)', async () => {
    const dev = await fx.startGateway({ mode: 'development' });
    const full = await post(dev.url, { query: getIntrospectionQuery() });
    expect(full.status).toBe(200);
    expect(full.json.data.__schema.queryType.name).toBe('Query');
    const circular = await post(dev.url, { query: '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }' });
    expect(circular.status).toBe(400);
    expect(messages(circular)).toMatch(/Introspection lists are nested 3 deep; the maximum is 1/);
    const suggestion = await post(dev.url, { query: '{ produc { id } }' });
    expect(messages(suggestion)).toMatch(/Did you mean/); // hints are for development only
  });
});

describe('shutdown', () => {
  it('close() stops the listener; calling it twice is harmless', async () => {
    const gw = await fx.startGateway();
    await gw.close();
    await gw.close();
    await expect(fetch(`${gw.url.replace(/\/graphql$/, '')}/health`)).rejects.toThrow();
  });
});
