// The console's routes on a fixture gateway: open in development, behind the console scope in
// production; the development IDE at / and /graphql; the introspection refusal naming our setting.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MemoryLedger } from '@stockgraph/shared/ledger';
import { FIXTURE_SECRET, startFixtureGateway, type FixtureGateway } from '../../__tests__/fixtures/startFixtureGateway';
import { createGatewayServer, type GatewayServer } from '../../server';
import type { ApiKeyClient } from '../../configTypes';

const BUILT = existsSync(path.resolve(__dirname, '../../../../console/dist/index.html'));
const KEYS: Record<string, ApiKeyClient> = {
  'console-key-0123456789': { clientId: 'ops', channel: null, scopes: ['stock:read', 'console'] },
  'plain-key-0123456789': { clientId: 'shop', channel: 'DTC', scopes: ['stock:read'] },
};

let fx: FixtureGateway;
let dev: GatewayServer;
let prod: GatewayServer;
beforeAll(async () => {
  if (!BUILT) throw new Error('the console is not built: run `npm run build:console` (npm install runs it)');
  fx = await startFixtureGateway();
  dev = await fx.startGateway({ mode: 'development', auth: { apiKeys: KEYS } });
  prod = await fx.startGateway({ auth: { apiKeys: KEYS } });
});
afterAll(() => fx?.close());

const origin = (g: GatewayServer) => g.url.replace(/\/graphql$/, '');
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers, redirect: 'manual' });

describe('development', () => {
  it('a browser opening / or /graphql gets the bundled GraphiQL, not a CSRF refusal', async () => {
    for (const p of ['/', '/graphql']) {
      const res = await get(origin(dev) + p, { accept: 'text/html,application/xhtml+xml' });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<div id="ide"/);
      // every script and stylesheet is the gateway's own
      expect(html).not.toMatch(/(src|href)="https?:/);
    }
  });

  it('a GET query without preflight headers is answered (GraphQL over HTTP)', async () => {
    const res = await get(`${dev.url}?query=${encodeURIComponent('{ __typename }')}`, { accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('the console and its settings are open', async () => {
    const page = await get(`${origin(dev)}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<div id="root"/);
    const config = await (await get(`${origin(dev)}/console/config.json`)).json();
    expect(config).toMatchObject({ mode: 'development' });
  });

  it('no path escapes the built folder', async () => {
    const res = await get(`${origin(dev)}/console/..%2f..%2fpackage.json`);
    expect(res.status).not.toBe(200);
    const res2 = await get(`${origin(dev)}/console/assets/../../../package.json`);
    expect(await res2.text()).not.toMatch(/"workspaces"/);
  });
});

describe('production', () => {
  it('the console needs a key with the console scope: the key page otherwise, 403 for its data', async () => {
    const anon = await get(`${origin(prod)}/console/`);
    expect(anon.status).toBe(200);
    expect(await anon.text()).toMatch(/id="key-form"/);
    expect((await get(`${origin(prod)}/console/config.json`)).status).toBe(403);
    expect((await get(`${origin(prod)}/console/config.json`, { 'x-api-key': 'plain-key-0123456789' })).status).toBe(403);
    expect((await get(`${origin(prod)}/console/events`, { 'x-api-key': 'plain-key-0123456789' })).status).toBe(403);
    const withKey = await get(`${origin(prod)}/console/`, { 'x-api-key': 'console-key-0123456789' });
    expect(await withKey.text()).toMatch(/<div id="root"/);
    const byCookie = await get(`${origin(prod)}/console/config.json`, { cookie: 'stockgraph_console_key=console-key-0123456789' });
    expect(await byCookie.json()).toEqual({ mode: 'production', defaultKey: null, live: false });
  });

  it('a browser opening /graphql still gets no IDE (HOSTILE-INPUTS row 17)', async () => {
    const res = await get(prod.url, { accept: 'text/html' });
    expect(await res.text()).not.toMatch(/<html|graphiql/i);
  });

  it('the introspection refusal names the setting to change, not an Apollo option', async () => {
    const res = await fetch(prod.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
    const body = (await res.json()) as { errors: { message: string }[] };
    expect(res.status).toBe(400);
    expect(body.errors[0].message).toMatch(/GATEWAY_MODE=development/);
    expect(body.errors[0].message).not.toMatch(/ApolloServer/);
  });
});

describe('live changes', () => {
  it('the ledger’s change events arrive as server-sent events', async () => {
    const ledger = new MemoryLedger();
    const g = await createGatewayServer({
      supergraphSdl: fx.supergraphSdl,
      // only the ledger is handed in: no cache (they also read source health and the registry)
      config: { mode: 'development', responseCache: { enabled: false }, positionCache: { enabled: false }, auth: { signingSecret: FIXTURE_SECRET } },
      stores: { ledger } as never,
    });
    const res = await fetch(`${origin(g)}/console/events`);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('event: ready')) text += (await reader.read()).value;
    await ledger.applyMovement({ sku: 'SKU-1', locationId: 'S001', reason: 'SALE', delta: -1, source: 'POS', sourceEventId: 'e1', at: Date.now() } as never);
    while (!text.includes('event: change')) text += (await reader.read()).value;
    expect(text).toMatch(/"positions":\[\{"sku":"SKU-1","locationId":"S001"\}\]/);
    await reader.cancel();
    await g.close();
  });
});
