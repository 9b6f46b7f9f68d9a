/**
 * Our gateway can speak the same standard as a router in front: with GATEWAY_SUBGRAPH_JWT_KEY it
 * sends each subgraph the caller's identity as a short-lived JWT signed with its own key (public
 * half at /.well-known/jwks.json) instead of the HMAC header, and the subgraphs check it against
 * the JWKS they share with the retailer's identity provider. Scoping is unchanged: a partner sees
 * its assortment only, an anonymous caller its channel only.
 */
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { contractOperation } from '../support/contract';
import { gql, gqlData } from '../support/gql';
import { QUIET_OMS, demoKey, startTestStack, type TestStack } from '../support/startTestStack';

const AUDIENCE = 'stockgraph-subgraphs';
const GATEWAY_ISSUER = 'stockgraph-gateway';
let t: TestStack;
let publicJwk: JWK;
let privateJwk: JWK;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateJwk = { ...(await exportJWK(pair.privateKey)), kid: 'gateway-1', alg: 'ES256' };
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'gateway-1', alg: 'ES256', use: 'sig' };
  t = await startTestStack('gateway-jwt', 'redis', {
    ...QUIET_OMS,
    identityJwt: {
      // one key set for the IdP's tokens and the gateway's (only the gateway's key is in it here)
      config: { issuer: ['https://idp.retailer.test', GATEWAY_ISSUER], audience: AUDIENCE, algorithms: ['ES256'], jwks: { keys: [{ ...publicJwk }] }, clockToleranceSeconds: 5 },
      assortments: {},
    },
    gateway: { auth: { subgraphJwt: { privateJwk: privateJwk as never, issuer: GATEWAY_ISSUER, audience: AUDIENCE } } },
  });
}, 240_000);
afterAll(async () => t?.close());

it('publishes its public key and nothing private at /.well-known/jwks.json', async () => {
  const res = await fetch(new URL('/.well-known/jwks.json', t.url));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { keys: JWK[] };
  expect(body.keys).toEqual([{ kty: 'EC', crv: 'P-256', x: publicJwk.x, y: publicJwk.y, kid: 'gateway-1', alg: 'ES256', use: 'sig' }]);
});

it('serves the contract through JWT identities, with partners and anonymous callers scoped as before', async () => {
  const skus = t.stack.platform.registry.skuIds().slice(0, 20);
  const availability = contractOperation('storefront.graphql', 'ProductAvailability');
  const anon = await gqlData<any>(t.url, availability, { skus, channel: 'DTC' });
  expect(anon.availability.map((a: any) => a.sku.id)).toEqual(skus);
  // anonymous stays anonymous across the token: its channel only
  const other = await gql(t.url, availability, { skus, channel: 'WHOLESALE' });
  expect(other.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');

  const acme = new Set(t.stack.gateway.config.auth.assortments.acme);
  const partner = await gqlData<any>(t.url, contractOperation('partner.graphql', 'PartnerStock'), { skus, channel: 'MARKETPLACE' }, demoKey('acme-marketplace'));
  expect(partner.availability.map((a: any) => a !== null)).toEqual(skus.map((id) => acme.has(id)));

  const [positions] = await t.stack.platform.stores.ledger.getPositionsForSkus([skus[1]!]);
  const at = positions!.find((p) => p.onHand - p.reserved - p.safetyStock > 0)!;
  const held = await gqlData<any>(t.url, contractOperation('storefront.graphql', 'HoldCart'),
    { input: { channel: 'DTC', lines: [{ sku: skus[1], locationId: at.locationId, quantity: 1 }] } }, demoKey('storefront'));
  expect(held.reserve.userErrors).toEqual([]);
  expect(held.reserve.reservations[0].status).toBe('ACTIVE');
});

it('a subgraph believes the gateway only through its key: the same claims signed by another key get 401', async () => {
  const stranger = await generateKeyPair('ES256');
  const forged = await new SignJWT({ client_id: 'order-management', scope: 'stock:read' }).setProtectedHeader({ alg: 'ES256', kid: 'gateway-1' })
    .setIssuer(GATEWAY_ISSUER).setAudience(AUDIENCE).setIssuedAt().setExpirationTime('30s').sign(stranger.privateKey);
  const res = await fetch(t.stack.subgraphs.unification.url, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` },
    body: JSON.stringify({ query: '{ availability(skus: ["SKU-10000001"], channel: DTC) { availableToSell } }' }),
  });
  expect(res.status).toBe(401);
  expect(((await res.json()) as any).errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'bad_signature' });
});
