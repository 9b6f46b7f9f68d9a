// Rows 23, 24, 26 and 29 of HOSTILE-INPUTS.md, plus API keys and anonymous access, against a
// production-mode gateway in front of the fixture subgraphs (which verify the signed identity).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type KeyLike } from 'jose';
import type { GatewayServer } from '../../server';
import type { JwtConfig } from '../../configTypes';
import { startFixtureGateway, type FixtureGateway } from '../../__tests__/fixtures/startFixtureGateway';
import { codes, post } from '../../__tests__/fixtures/http';

const PARTNER_KEY = 'acme-key-0123456789abcdef';
const CORE_SKUS = ['S1', 'S2'];
const WHOAMI = '{ whoami { clientId channel partnerId scopes anonymous } }';
let fx: FixtureGateway;
let privateKey: KeyLike;
let publicPem: string;
let jwt: JwtConfig;
let closed: GatewayServer;
let jwks: http.Server;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwt = { issuer: 'https://idp.test', audience: 'stockgraph', algorithms: ['RS256', 'ES256'], jwks: { keys: [jwk] }, clockToleranceSeconds: 0 };
  fx = await startFixtureGateway({
    auth: {
      jwt,
      assortments: { core: CORE_SKUS },
      apiKeys: {
        [`sha256:${createHash('sha256').update(PARTNER_KEY).digest('hex')}`]: { clientId: 'acme-feed', channel: 'WHOLESALE', partnerId: 'acme', assortment: 'core', scopes: ['stock:read'] },
      },
    },
    rateLimit: { anonymous: { ratePerSecond: 0.001, burst: 4 }, partner: { ratePerSecond: 0.001, burst: 4 }, client: { ratePerSecond: 0.001, burst: 4 } },
  });
  jwks = http.createServer((_, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  closed = await fx.startGateway({
    auth: { allowAnonymous: false, assortments: { core: CORE_SKUS }, jwt: { ...jwt, jwks: undefined, jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks` } },
  });
});
afterAll(async () => {
  await fx.close();
  await new Promise((r) => jwks.close(r));
});

const sign = (claims: Record<string, unknown>, opts: { exp?: number | string; aud?: string; iss?: string } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(opts.iss ?? 'https://idp.test')
    .setAudience(opts.aud ?? 'stockgraph')
    .setSubject('planner-app')
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(privateKey);

async function unauthenticated(headers: Record<string, string>, target = fx.gateway.url) {
  const before = fx.subgraphCalls();
  const a = await post(target, { query: WHOAMI }, headers);
  expect(a.status).toBe(401);
  expect(codes(a)).toEqual(['UNAUTHENTICATED']);
  expect(a.json).not.toHaveProperty('data');
  expect(fx.subgraphCalls()).toBe(before);
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('authentication', () => {
  it('a valid JWT reaches the subgraph as the verified, signed identity', async () => {
    const token = await sign({ channel: 'WHOLESALE', partner_id: 'globex', assortment: 'core', scope: 'stock:read stock:write' });
    const a = await post(closed.url, { query: WHOAMI }, { authorization: `Bearer ${token}` });
    expect(a.json.data.whoami).toEqual({ clientId: 'planner-app', channel: 'WHOLESALE', partnerId: 'globex', scopes: ['stock:read', 'stock:write'], anonymous: false });
    expect(fx.catalog.identities.at(-1)?.assortment).toEqual(CORE_SKUS);
  });

  it('missing, expired, wrong aud, wrong iss, alg:none and HS256-with-the-public-key → 401, no subgraph call', async () => {
    await unauthenticated({}, closed.url);
    await unauthenticated({ authorization: `Bearer ${await sign({}, { exp: Math.floor(Date.now() / 1000) - 60 })}` });
    await unauthenticated({ authorization: `Bearer ${await sign({}, { aud: 'someone-else' })}` });
    await unauthenticated({ authorization: `Bearer ${await sign({}, { iss: 'https://evil.test' })}` });
    const claims = { sub: 'x', iss: 'https://idp.test', aud: 'stockgraph', exp: Math.floor(Date.now() / 1000) + 300 };
    await unauthenticated({ authorization: `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.` });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(publicPem));
    await unauthenticated({ authorization: `Bearer ${hs}` });
    await unauthenticated({ authorization: 'Basic dXNlcjpwYXNz' });
    await unauthenticated({ 'x-api-key': 'not-a-key-0123456789' });
  });

  it('a JWT with a channel that is not a Channel is refused', async () => {
    await unauthenticated({ authorization: `Bearer ${await sign({ channel: 'MOON' })}` });
  });

  it('an API key (stored as its sha256) maps to its client, partner and named assortment', async () => {
    const a = await post(fx.gateway.url, { query: WHOAMI }, { 'x-api-key': PARTNER_KEY });
    expect(a.json.data.whoami).toMatchObject({ clientId: 'acme-feed', partnerId: 'acme', channel: 'WHOLESALE', anonymous: false });
    expect(fx.catalog.identities.at(-1)?.assortment).toEqual(CORE_SKUS);
  });

  it('anonymous storefront access is read-only: a mutation → 401, nothing written', async () => {
    const a = await post(fx.gateway.url, { query: WHOAMI });
    expect(a.json.data.whoami).toEqual({ clientId: 'anonymous', channel: 'DTC', partnerId: null, scopes: ['storefront:read'], anonymous: true });
    const written = fx.reservations();
    const m = await post(fx.gateway.url, { query: 'mutation { reserve(sku: "S1", quantity: 1) { id } }' });
    expect(m.status).toBe(401);
    expect(codes(m)).toEqual(['UNAUTHENTICATED']);
    expect(fx.reservations()).toBe(written);
  });

  it('client-supplied internal headers never reach a subgraph; only the signed identity does', async () => {
    const a = await post(fx.gateway.url, { query: WHOAMI }, {
      'x-partner-id': 'globex',
      'x-user-scopes': 'admin',
      'x-internal-auth': 'yes',
      'x-stockgraph-identity': 'v1.0.forged.sig',
      'x-stockgraph-read-through': 'SKU-1,SKU-2',
      'x-request-id': 'trace-42',
    });
    expect(a.json.data.whoami).toMatchObject({ partnerId: null, scopes: ['storefront:read'], anonymous: true });
    const seen = fx.catalog.headers.at(-1)!;
    expect(seen['x-partner-id']).toBeUndefined();
    expect(seen['x-user-scopes']).toBeUndefined();
    expect(seen['x-internal-auth']).toBeUndefined();
    expect(seen['x-stockgraph-read-through']).toBeUndefined(); // only the gateway's stock cache may ask for it
    expect(seen['x-stockgraph-identity']).toMatch(/^v1\.\d+\./);
    expect(seen['x-request-id']).toBe('trace-42');
  });

  it('a direct call to a subgraph, without the gateway signature → 401, never served', async () => {
    const before = fx.catalog.identities.length;
    const a = await post(fx.catalog.url, { query: '{ _service { sdl } }' }, { 'x-stockgraph-identity': 'v1.0.e30.forged' });
    expect(a.status).toBe(401);
    expect(codes(a)).toEqual(['UNAUTHENTICATED']);
    expect(a.text).not.toContain('Product');
    expect(fx.catalog.identities.length).toBe(before);
  });

  it('rate limit per partner, at the budget set with its key → 429 RATE_LIMITED with Retry-After; other clients unaffected', async () => {
    const apiKeys = { [PARTNER_KEY]: { clientId: 'acme-feed', channel: 'WHOLESALE' as const, partnerId: 'acme', scopes: [], rateLimit: { ratePerSecond: 0.001, burst: 3 } } };
    const target = (await fx.startGateway({ auth: { apiKeys } })).url;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(target, { query: '{ __typename }' }, { 'x-api-key': PARTNER_KEY })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const before = fx.subgraphCalls();
    const limited = await post(target, { query: '{ product(id: "1") { id } }' }, { 'x-api-key': PARTNER_KEY });
    expect(limited.status).toBe(429);
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(fx.subgraphCalls()).toBe(before);
    const other = await post(target, { query: '{ __typename }' });
    expect(other.status).toBe(200);
  });
});
