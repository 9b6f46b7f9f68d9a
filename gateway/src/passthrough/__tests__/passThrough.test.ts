import type { GatewayServer } from '../../server';
import { startFixtureGateway, type FixtureGateway } from '../../__tests__/fixtures/startFixtureGateway';
import { codes, post } from '../../__tests__/fixtures/http';

const ACME_KEY = 'acme-partner-key-0123456789';
const GLOBEX_KEY = 'globex-partner-key-0123456789';
const auth = {
  apiKeys: {
    [ACME_KEY]: { clientId: 'acme-app', channel: 'MARKETPLACE' as const, partnerId: 'acme', scopes: ['partner:read'] },
    [GLOBEX_KEY]: { clientId: 'globex-app', channel: 'MARKETPLACE' as const, partnerId: 'globex', scopes: ['partner:read'] },
  },
};
const limits = { maxListItems: 5 };

/** one fetch to the catalog subgraph */
const PRODUCTS = 'query Products($skus: [ID!], $first: Int) { products(skus: $skus, first: $first) { id name variants { sku } } }';
/** a catalog fetch, then an entity fetch to orders: not a single fetch */
const WITH_STOCK = 'query WithStock($id: ID!) { product(id: $id) { id name stock } }';
const WHOAMI = 'query WhoAmI { whoami { clientId channel partnerId anonymous } }';

let fx: FixtureGateway;
let off: GatewayServer;

beforeAll(async () => {
  fx = await startFixtureGateway({ auth, limits });
  off = await fx.startGateway({ auth, limits, passthroughEnabled: false });
});
afterAll(() => fx.close());
beforeEach(() => {
  fx.catalog.failWith = null;
  fx.catalog.traceExtensions = true;
});

/** the first request of a text goes through Apollo, which plans it; the pass-through learns from that plan */
const learnt = (query: string, variables: object, headers: Record<string, string> = {}) => post(fx.gateway.url, { query, variables }, headers);

describe('pass-through of single-fetch queries', () => {
  it('sends a learnt single-fetch query to its subgraph as written and answers with its bytes, as Apollo would answer', async () => {
    fx.catalog.traceExtensions = false;
    const variables = { skus: ['A', 'B'] };
    const first = await learnt(PRODUCTS, variables);
    expect(first.headers.get('x-passthrough')).toBeNull();
    const calls = fx.subgraphCalls();
    const passed = await post(fx.gateway.url, { query: PRODUCTS, variables, operationName: 'Products' });
    expect(passed.status).toBe(200);
    expect(passed.headers.get('x-passthrough')).toBe('catalog');
    expect(fx.subgraphCalls()).toBe(calls + 1);
    const apollo = await post(off.url, { query: PRODUCTS, variables, operationName: 'Products' });
    expect(apollo.headers.get('x-passthrough')).toBeNull();
    expect(passed.text).toBe(apollo.text);
    // other variables, the same text: still passed through
    const other = await post(fx.gateway.url, { query: PRODUCTS, variables: { first: 2 } });
    expect(other.headers.get('x-passthrough')).toBe('catalog');
    expect(other.json.data.products).toHaveLength(2);
    // a name that is not the operation's: Apollo's to refuse
    const misnamed = await post(fx.gateway.url, { query: PRODUCTS, variables, operationName: 'Other' });
    expect(misnamed.headers.get('x-passthrough')).toBeNull();
    expect(misnamed.json.errors?.length).toBeGreaterThan(0);
  });

  it('drops a subgraph’s trace extensions from the bytes it passes on', async () => {
    await learnt(PRODUCTS, { skus: ['C'] });
    const passed = await post(fx.gateway.url, { query: PRODUCTS, variables: { skus: ['C'] } });
    expect(passed.headers.get('x-passthrough')).toBe('catalog');
    expect(passed.json).toEqual({ data: { products: [{ id: 'C', name: 'Product C', variants: [{ sku: 'SKU-C-a' }, { sku: 'SKU-C-b' }] }] } });
  });

  it('leaves a plan of several fetches, a mutation and introspection to Apollo', async () => {
    fx.catalog.traceExtensions = false;
    await learnt(WITH_STOCK, { id: 'P1' });
    const multi = await post(fx.gateway.url, { query: WITH_STOCK, variables: { id: 'P1' } });
    expect(multi.headers.get('x-passthrough')).toBeNull();
    expect(multi.json.data.product).toEqual({ id: 'P1', name: 'Product P1', stock: 2 });
    const mutation = 'mutation R { reserve(sku: "S", quantity: 1) { id } }';
    for (let i = 0; i < 2; i++) {
      const m = await post(fx.gateway.url, { query: mutation }, { 'x-api-key': ACME_KEY });
      expect(m.headers.get('x-passthrough')).toBeNull();
    }
    const mixed = '{ __typename products(first: 1) { id } }';
    await learnt(mixed, {});
    const again = await post(fx.gateway.url, { query: mixed });
    expect(again.headers.get('x-passthrough')).toBe('catalog');
    expect(again.json).toEqual({ data: { __typename: 'Query', products: [{ id: 'P0' }] } });
  });

  it('never sends an invalid, over-limit, unauthenticated or rate-limited request to the subgraph', async () => {
    fx.catalog.traceExtensions = false;
    await learnt(PRODUCTS, { skus: ['A'] });
    const before = fx.subgraphCalls();
    // invalid against the API schema: never learnt, never passed
    const invalid = await post(fx.gateway.url, { query: '{ products { id secret } }' });
    expect(codes(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    // a learnt text with variables that do not coerce, or over the list-size limit
    const badVar = await post(fx.gateway.url, { query: PRODUCTS, variables: { first: 'many' } });
    expect(codes(badVar)).toEqual(['BAD_USER_INPUT']);
    const tooMany = await post(fx.gateway.url, { query: PRODUCTS, variables: { skus: ['1', '2', '3', '4', '5', '6'] } });
    expect(codes(tooMany)).toEqual(['BAD_USER_INPUT']);
    // an unknown API key
    const stranger = await post(fx.gateway.url, { query: PRODUCTS, variables: { skus: ['A'] } }, { 'x-api-key': 'not-a-key-0123456789abcdef' });
    expect(stranger.status).toBe(401);
    // APQ extensions: Apollo's (here: not found), not the subgraph's
    const apq = await post(fx.gateway.url, { query: PRODUCTS, variables: { skus: ['A'] }, extensions: { persistedQuery: { version: 1, sha256Hash: 'ff' } } });
    expect(apq.headers.get('x-passthrough')).toBeNull();
    expect(fx.subgraphCalls()).toBe(before);

    const limited = await fx.startGateway({ auth, limits, rateLimit: { enabled: true, ...Object.fromEntries((['anonymous', 'partner', 'client'] as const).map((k) => [k, { ratePerSecond: 0.001, burst: 1 }])) } });
    await post(limited.url, { query: PRODUCTS, variables: { skus: ['A'] } }, { 'x-api-key': ACME_KEY });
    const n = fx.subgraphCalls();
    const refused = await post(limited.url, { query: PRODUCTS, variables: { skus: ['A'] } }, { 'x-api-key': ACME_KEY });
    expect(refused.status).toBe(429);
    expect(fx.subgraphCalls()).toBe(n);
  });

  it('masks a subgraph’s failure as Apollo does', async () => {
    fx.catalog.traceExtensions = false;
    await learnt(PRODUCTS, { skus: ['M'] });
    fx.catalog.failWith = 500;
    const failed = await post(fx.gateway.url, { query: PRODUCTS, variables: { skus: ['M'] } });
    const masked = await post(off.url, { query: PRODUCTS, variables: { skus: ['M'] } });
    expect(failed.headers.get('x-passthrough')).toBeNull();
    expect(failed.status).toBe(masked.status);
    expect(failed.json).toEqual(masked.json);
    expect(codes(failed)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(failed.text).not.toMatch(/10\.1\.2\.3|erp\.internal|catalog|127\.0\.0\.1/);
  });

  it('masks a GraphQL error a subgraph returns as Apollo does', async () => {
    fx.catalog.traceExtensions = false;
    const LEAK = 'query Leak { leak }';
    await learnt(LEAK, {});
    const failed = await post(fx.gateway.url, { query: LEAK });
    const masked = await post(off.url, { query: LEAK });
    expect(failed.headers.get('x-passthrough')).toBeNull();
    expect(failed.json).toEqual(masked.json);
    expect(failed.text).not.toMatch(/10\.9\.8\.7|db\.internal/);
  });

  it('signs each caller’s own identity: partner scoping holds on the passed-through path', async () => {
    fx.catalog.traceExtensions = false;
    await learnt(WHOAMI, {}, { 'x-api-key': ACME_KEY });
    const acme = await post(fx.gateway.url, { query: WHOAMI }, { 'x-api-key': ACME_KEY });
    const globex = await post(fx.gateway.url, { query: WHOAMI }, { 'x-api-key': GLOBEX_KEY });
    const anonymous = await post(fx.gateway.url, { query: WHOAMI });
    for (const a of [acme, globex, anonymous]) expect(a.headers.get('x-passthrough')).toBe('catalog');
    expect(acme.json.data.whoami).toEqual({ clientId: 'acme-app', channel: 'MARKETPLACE', partnerId: 'acme', anonymous: false });
    expect(globex.json.data.whoami).toEqual({ clientId: 'globex-app', channel: 'MARKETPLACE', partnerId: 'globex', anonymous: false });
    expect(anonymous.json.data.whoami).toMatchObject({ partnerId: null, anonymous: true, channel: 'DTC' });
    // a client cannot send its own identity header through the pass-through
    const forged = await post(fx.gateway.url, { query: WHOAMI }, { 'x-api-key': GLOBEX_KEY, 'x-stockgraph-identity': 'forged' });
    expect(forged.json.data.whoami.partnerId).toBe('globex');
  });

  it('is off with passthroughEnabled: false', async () => {
    fx.catalog.traceExtensions = false;
    for (let i = 0; i < 3; i++) {
      const a = await post(off.url, { query: PRODUCTS, variables: { skus: ['Z'] } });
      expect(a.headers.get('x-passthrough')).toBeNull();
      expect(a.json.data.products[0].id).toBe('Z');
    }
  });
});
