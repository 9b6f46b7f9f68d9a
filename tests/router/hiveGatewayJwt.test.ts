/**
 * Any Federation 2 router in front: Hive Gateway (its own CLI, deploy/hive/gateway.config.ts, a
 * process of its own) serves the committed supergraph over our subgraphs. Clients send their own
 * JWT; Hive's JWT plugin checks it and header propagation forwards it; each subgraph checks it
 * again against the same JWKS and maps its claims to the identity our gateway would have signed.
 * The contract's storefront, clienteling and partner operations answer through Hive exactly as
 * through our gateway with the equivalent API key, and partner A never sees partner B's SKUs.
 */
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { freePorts, spawnProcess, type RunningProcess } from '../../scripts/spawnProcess';
import { contractOperation } from '../support/contract';
import { catalogSkuIds } from '../support/catalogSkuIds';
import { QUIET_OMS, demoKey, startTestStack, type TestStack } from '../support/startTestStack';

const ISSUER = 'https://idp.retailer.test';
const AUDIENCE = 'stockgraph';
const PRODUCT_AVAILABILITY = contractOperation('storefront.graphql', 'ProductAvailability');
const HOLD_CART = contractOperation('storefront.graphql', 'HoldCart');
const RELEASE_HOLD = contractOperation('storefront.graphql', 'ReleaseHold');
const CATALOG = contractOperation('clienteling.graphql', 'Catalog');
const SCAN = contractOperation('clienteling.graphql', 'ScanBarcode');
const PARTNER_STOCK = contractOperation('partner.graphql', 'PartnerStock');

let t: TestStack;
let hive: RunningProcess & { url: string };
let jwks: http.Server;
let idpKey: KeyLike;
let strangerKey: KeyLike;
let skuIds: string[];
let acme: Set<string>;
let globex: Set<string>;

interface Answer { status: number; data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] }

async function post(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, ...((await res.json()) as object) };
}

const token = (claims: Record<string, unknown>, o: { exp?: number | string; aud?: string; key?: KeyLike } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'idp-1' }).setIssuer(ISSUER).setAudience(o.aud ?? AUDIENCE)
    .setIssuedAt().setExpirationTime(o.exp ?? '10m').sign(o.key ?? idpKey);
const bearer = async (claims: Record<string, unknown>) => ({ authorization: `Bearer ${await token(claims)}` });

// the claims equivalent to the demo API keys (scripts/demoKeys.ts)
const STOREFRONT = { client_id: 'storefront', channel: 'DTC', scope: 'holds:write' };
const CLIENTELING = { client_id: 'clienteling', channel: 'RETAIL', scope: 'stock:read holds:write' };

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  idpKey = pair.privateKey;
  strangerKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' };
  // the retailer's identity provider: one JWKS that Hive Gateway and every subgraph read
  jwks = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;

  t = await startTestStack('router-jwt', 'redis', {
    ...QUIET_OMS,
    identityJwt: { config: { issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'], jwksUrl, clockToleranceSeconds: 5 }, assortments: {} },
  });
  skuIds = [...(await catalogSkuIds(t.url, demoKey('clienteling'))).values()].sort();
  acme = new Set(t.stack.gateway.config.auth.assortments.acme);
  globex = new Set(skuIds.filter((id) => !acme.has(id)));

  const [port] = await freePorts(1);
  const subgraphUrls = Object.fromEntries(Object.entries(t.stack.subgraphs).map(([name, s]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, s.url]));
  const started = await spawnProcess({
    name: 'hive-gateway', script: 'node_modules/@graphql-hive/gateway/dist/bin.js',
    args: ['supergraph', 'schema/supergraph.graphql', '-c', 'deploy/hive/gateway.config.ts', '--host', '127.0.0.1', '--port', String(port)],
    env: { JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_JWKS_URL: jwksUrl, JWT_ALGORITHMS: 'RS256', ...subgraphUrls, LOG_LEVEL: 'warn' },
    logDir: mkdtempSync(join(tmpdir(), 'hive-gateway-')), healthUrls: [`http://127.0.0.1:${port}/readiness`],
  });
  hive = { ...started, url: `http://127.0.0.1:${port}/graphql` };
}, 240_000);

afterAll(async () => {
  await hive?.stop();
  await t?.close();
  await new Promise((r) => jwks?.close(r));
});

/** The same operation through Hive with a token and through our gateway with the equivalent API key. */
async function both(query: string, variables: Record<string, unknown>, claims: Record<string, unknown>, apiKey: string) {
  const [viaHive, viaOurs] = await Promise.all([post(hive.url, query, variables, await bearer(claims)), post(t.url, query, variables, { 'x-api-key': apiKey })]);
  expect(viaHive.errors).toBeUndefined();
  expect(viaOurs.errors).toBeUndefined();
  return { viaHive: viaHive.data, viaOurs: viaOurs.data };
}

describe('Hive Gateway with its JWT plugin in front of our subgraphs', () => {
  it('storefront: ProductAvailability answers as through our gateway', async () => {
    const vars = { skus: skuIds.slice(0, 20), channel: 'DTC', near: { lat: 53.4808, lng: -2.2426 }, radiusKm: 30 };
    const { viaHive, viaOurs } = await both(PRODUCT_AVAILABILITY, vars, STOREFRONT, demoKey('storefront'));
    expect(viaHive).toEqual(viaOurs);
    expect(viaHive.availability.filter((a: any) => a.availableToSell > 0).length).toBeGreaterThan(0);
  });

  it('storefront: HoldCart holds stock in the ledger and ReleaseHold gives it back, as the token\'s channel', async () => {
    const sku = skuIds[3]!;
    const headers = await bearer(STOREFRONT);
    const [before] = await t.stack.platform.stores.ledger.getPositionsForSkus([sku]);
    const dc = before!.find((p) => p.locationId.startsWith('D') && p.onHand - p.reserved - p.safetyStock >= 2)!;
    const held = await post(hive.url, HOLD_CART, { input: { channel: 'DTC', lines: [{ sku, locationId: dc.locationId, quantity: 2 }] } }, headers);
    expect(held.errors).toBeUndefined();
    expect(held.data.reserve.userErrors).toEqual([]);
    const [hold] = held.data.reserve.reservations;
    expect(hold).toMatchObject({ sku: { id: sku }, location: { id: dc.locationId }, quantity: 2, status: 'ACTIVE' });
    const reserved = async () => (await t.stack.platform.stores.ledger.getPositionsForSkus([sku]))[0]!.find((p) => p.locationId === dc.locationId)!.reserved;
    expect(await reserved()).toBe(dc.reserved + 2);

    // a client of another channel may not release it: the token's channel claim is what the subgraph checks
    const other = await post(hive.url, RELEASE_HOLD, { id: hold.id }, await bearer(CLIENTELING));
    expect(other.data?.releaseReservation?.reservation?.status ?? null).not.toBe('RELEASED');
    expect(await reserved()).toBe(dc.reserved + 2);

    const released = await post(hive.url, RELEASE_HOLD, { id: hold.id }, headers);
    expect(released.data.releaseReservation).toMatchObject({ reservation: { id: hold.id, status: 'RELEASED' }, userErrors: [] });
    expect(await reserved()).toBe(dc.reserved);
  });

  it('clienteling: Catalog and ScanBarcode answer as through our gateway', async () => {
    const catalog = await both(CATALOG, { first: 50 }, CLIENTELING, demoKey('clienteling'));
    expect(catalog.viaHive).toEqual(catalog.viaOurs);
    const node = catalog.viaHive.skus.edges.map((e: any) => e.node).find((n: any) => n.localCodes.some((c: any) => c.system === 'POS'));
    const barcode = node.localCodes.find((c: any) => c.system === 'POS').code;
    const store = catalog.viaHive.locations.find((l: any) => l.type === 'STORE');
    const scan = await both(SCAN, { system: 'POS', code: barcode, storeId: store.id, near: store.geo }, CLIENTELING, demoKey('clienteling'));
    expect(scan.viaHive).toEqual(scan.viaOurs);
    expect(scan.viaHive.skuByLocalCode.id).toBe(node.id);
  });

  it('partner: PartnerStock is scoped by the token — partner A never sees partner B\'s SKUs', async () => {
    const sample = skuIds.slice(0, 40);
    const partnerA = { client_id: 'acme-app', partner_id: 'acme', channel: 'MARKETPLACE', assortment: [...acme] };
    const partnerB = { client_id: 'globex-app', partner_id: 'globex', channel: 'MARKETPLACE', assortment: [...globex] };
    const a = await both(PARTNER_STOCK, { skus: sample, channel: 'MARKETPLACE' }, partnerA, demoKey('acme-marketplace'));
    expect(a.viaHive).toEqual(a.viaOurs);
    const seenByA = a.viaHive.availability.filter(Boolean).map((x: any) => x.sku.id);
    expect(seenByA.length).toBeGreaterThan(0);
    expect(seenByA.every((id: string) => acme.has(id))).toBe(true);
    const b = await post(hive.url, PARTNER_STOCK, { skus: sample, channel: 'MARKETPLACE' }, await bearer(partnerB));
    const seenByB = b.data.availability.filter(Boolean).map((x: any) => x.sku.id);
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.every((id: string) => globex.has(id))).toBe(true);
    expect(seenByA.filter((id: string) => seenByB.includes(id))).toEqual([]);
    // outside its assortment a SKU answers exactly like one that does not exist
    expect(a.viaHive.availability.map((x: any) => x === null)).toEqual(sample.map((id) => !acme.has(id)));
    // and a partner bound to its channel may not read another
    const dtc = await post(hive.url, PARTNER_STOCK, { skus: sample.slice(0, 2), channel: 'DTC' }, await bearer(partnerA));
    expect(dtc.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });

  it('refuses an expired, wrong-audience or foreign-signed token, and no token at all (401)', async () => {
    const vars = { skus: skuIds.slice(0, 1), channel: 'DTC' };
    const expired = await token(STOREFRONT, { exp: Math.floor(Date.now() / 1000) - 120 });
    const refused: Record<string, string>[] = [{ authorization: `Bearer ${expired}` }, { authorization: `Bearer ${await token(STOREFRONT, { aud: 'someone-else' })}` },
      { authorization: `Bearer ${await token(STOREFRONT, { key: strangerKey })}` }, {}];
    for (const headers of refused) {
      const r = await post(hive.url, PRODUCT_AVAILABILITY, vars, headers);
      expect(r.status).toBe(401);
      expect(r.data ?? null).toBeNull();
    }
  });

  it('a subgraph called directly checks the token itself: a bad one gets UNAUTHENTICATED with its reason', async () => {
    const url = t.stack.subgraphs.unification.url;
    const q = '{ availability(skus: ["SKU-10000001"], channel: DTC) { availableToSell } }';
    const expired = await post(url, q, {}, { authorization: `Bearer ${await token(STOREFRONT, { exp: Math.floor(Date.now() / 1000) - 120 })}` });
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'expired' });
    const wrongAud = await post(url, q, {}, { authorization: `Bearer ${await token(STOREFRONT, { aud: 'someone-else' })}` });
    expect(wrongAud.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'wrong_audience' });
    const forged = await post(url, q, {}, { authorization: `Bearer ${await token(STOREFRONT, { key: strangerKey })}` });
    expect(forged.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'bad_signature' });
    // the claims Hive's useJWT would put in `extensions` are unsigned: never a credential
    const unsigned = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: q, extensions: { jwt: { payload: { ...STOREFRONT, iss: ISSUER, aud: AUDIENCE } } } }),
    });
    expect(unsigned.status).toBe(401);
    const good = await post(url, q, {}, await bearer(STOREFRONT));
    expect(good.errors).toBeUndefined();
  });
});
