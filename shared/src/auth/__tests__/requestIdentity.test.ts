// How a subgraph knows its caller when a Federation 2 router (not our gateway) is in front: the
// bearer JWT it forwards, checked here; the gateway's signed header still works beside it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type KeyLike } from 'jose';
import { IDENTITY_HEADER, createRequestIdentityVerifier, signIdentity, type Identity, type JwtIdentityConfig } from '../index';

const secret = 'test-secret-that-is-long-enough-0123456789';
let privateKey: KeyLike;
let otherKey: KeyLike;
let publicPem: string;
let config: JwtIdentityConfig;
let jwksServer: http.Server;
let jwksUrl: string;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  config = { issuer: 'https://idp.test', audience: 'stockgraph-subgraphs', algorithms: ['ES256'], jwks: { keys: [jwk] }, clockToleranceSeconds: 0 };
  jwksServer = http.createServer((_, res) => res.end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise((r) => jwksServer.close(r)));

const sign = (claims: Record<string, unknown>, o: { exp?: number | string; aud?: string; iss?: string; key?: KeyLike } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(o.iss ?? 'https://idp.test')
    .setAudience(o.aud ?? 'stockgraph-subgraphs')
    .setIssuedAt()
    .setExpirationTime(o.exp ?? '5m')
    .sign(o.key ?? privateKey);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

async function refusal(p: Promise<unknown>): Promise<{ code: unknown; reason: unknown; status: unknown; message: string }> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    return { code: e.extensions.code, reason: e.extensions.reason, status: (e.extensions.http as { status?: number } | undefined)?.status, message: e.message };
  }
  throw new Error('accepted');
}

describe('subgraph identity: signed header or bearer JWT', () => {
  const verify = () => createRequestIdentityVerifier({ identitySecret: secret, identityJwt: { config, assortments: { 'acme-core': ['SKU-1', 'SKU-3'] } } });

  it('maps a valid token to the identity: client id, scopes, partner, channel, named assortment', async () => {
    const token = await sign({ client_id: 'acme-feed', scope: 'stock:read holds:write', partner_id: 'acme', channel: 'MARKETPLACE', assortment: 'acme-core' });
    expect(await verify()(bearer(token))).toEqual({
      clientId: 'acme-feed', scopes: ['stock:read', 'holds:write'], partnerId: 'acme', channel: 'MARKETPLACE', assortment: ['SKU-1', 'SKU-3'], anonymous: false,
    });
  });

  it('maps claims by configured names, e.g. an IdP namespacing its claims; keys from a JWKS URL', async () => {
    const v = createRequestIdentityVerifier({
      identitySecret: secret,
      identityJwt: {
        config: { ...config, jwks: undefined, jwksUrl, claims: { clientId: ['azp'], partnerId: ['https://acme.example/partner'], scopes: ['permissions'] } },
        assortments: {},
      },
    });
    const token = await sign({ azp: 'web-bff', sub: 'user-7', 'https://acme.example/partner': 'acme', permissions: ['stock:read'], assortment: ['SKU-9'] });
    expect(await v(bearer(token))).toEqual({ clientId: 'web-bff', scopes: ['stock:read'], partnerId: 'acme', channel: null, assortment: ['SKU-9'], anonymous: false });
  });

  it('still accepts the gateway signed header, and it wins over a token', async () => {
    const partner: Identity = { clientId: 'gw', channel: 'WHOLESALE', partnerId: 'globex', assortment: null, scopes: [], anonymous: false };
    const token = await sign({ client_id: 'other' });
    expect(await verify()({ [IDENTITY_HEADER]: signIdentity(partner, secret), ...bearer(token) })).toEqual(partner);
  });

  it('refuses expired, wrong-audience, wrong-issuer and foreign-key tokens with UNAUTHENTICATED and a reason', async () => {
    const v = verify();
    expect(await refusal(v(bearer(await sign({ client_id: 'a' }, { exp: Math.floor(Date.now() / 1000) - 60 })))))
      .toEqual({ code: 'UNAUTHENTICATED', reason: 'expired', status: 401, message: 'The bearer token has expired.' });
    expect(await refusal(v(bearer(await sign({ client_id: 'a' }, { aud: 'someone-else' }))))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'wrong_audience', status: 401 });
    expect(await refusal(v(bearer(await sign({ client_id: 'a' }, { iss: 'https://evil.test' }))))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'wrong_issuer' });
    expect(await refusal(v(bearer(await sign({ client_id: 'a' }, { key: otherKey }))))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'bad_signature' });
  });

  it('never trusts an unsigned identity: alg none, HS256 signed with the public key, a bare claim set', async () => {
    const v = verify();
    const claims = { client_id: 'mallory', partner_id: 'acme', iss: 'https://idp.test', aud: 'stockgraph-subgraphs', exp: Math.floor(Date.now() / 1000) + 300 };
    expect(await refusal(v(bearer(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`)))).toMatchObject({ code: 'UNAUTHENTICATED' });
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).sign(new TextEncoder().encode(publicPem));
    expect(await refusal(v(bearer(hs)))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'bad_signature' });
    // what Hive Gateway's useJWT forwards in `extensions` is not signed: a header of it is no credential
    expect(await refusal(v({ 'x-jwt-payload': JSON.stringify(claims) }))).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(await refusal(v({ authorization: 'Basic dXNlcjpwYXNz' }))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'malformed' });
  });

  it('refuses a token without a client id or with a channel that is not a Channel', async () => {
    const v = verify();
    expect(await refusal(v(bearer(await sign({ scope: 'stock:read' }))))).toMatchObject({ reason: 'bad_claims' });
    expect(await refusal(v(bearer(await sign({ client_id: 'a', channel: 'MOON' }))))).toMatchObject({ reason: 'bad_claims' });
    expect(await refusal(v(bearer(await sign({ client_id: 'a', assortment: 'nobody-knows' }))))).toMatchObject({ reason: 'bad_claims' });
  });

  it('a key set that cannot be fetched is a 503 with its own reason, not a bad token', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks.json`;
    await new Promise((r) => closed.close(r));
    const v = createRequestIdentityVerifier({ identitySecret: secret, identityJwt: { config: { ...config, jwks: undefined, jwksUrl: url }, assortments: {} } });
    expect(await refusal(v(bearer(await sign({ client_id: 'a' }))))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'keys_unavailable', status: 503 });
  });

  it('without JWT settings a bearer token is no credential at all', async () => {
    const headerOnly = createRequestIdentityVerifier({ identitySecret: secret });
    expect(await refusal(headerOnly(bearer(await sign({ client_id: 'a' }))))).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });
});
