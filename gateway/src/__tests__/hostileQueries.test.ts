// HOSTILE-INPUTS.md rows about the operation itself, against a production-mode gateway in front
// of two fixture subgraphs. Each refusal also proves that no subgraph was called.
import { GENERIC_LIMIT_MESSAGE } from '../plugins/limitError';
import type { GatewayServer } from '../server';
import { startFixtureGateway, type FixtureGateway } from './fixtures/startFixtureGateway';
import { codes, messages, post, type HttpAnswer } from './fixtures/http';

const WRITER_KEY = 'writer-key-0123456789abcdef';
let fx: FixtureGateway;
let url: string;
let quiet: GatewayServer;

beforeAll(async () => {
  fx = await startFixtureGateway({
    exposeLimits: true,
    auth: { apiKeys: { [WRITER_KEY]: { clientId: 'pos-app', channel: 'RETAIL', scopes: ['stock:write'] } } },
  });
  url = fx.gateway.url;
  quiet = await fx.startGateway({}); // production defaults: limits not named
});
afterAll(() => fx.close());

/** Sends the request and checks that no subgraph saw anything. */
async function refused(body: unknown, headers: Record<string, string> = {}, target = url): Promise<HttpAnswer> {
  const before = fx.subgraphCalls();
  const answer = await post(target, body, headers);
  expect(fx.subgraphCalls()).toBe(before);
  expect(answer.status).toBe(400);
  expect(answer.json).not.toHaveProperty('data');
  return answer;
}

const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');

describe('hostile operations (prod mode)', () => {
  it('introspection is off: __schema and __type → 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const schema = await refused({ query: '{ __schema { types { name fields { name } } } }' });
    expect(codes(schema)).toContain('GRAPHQL_VALIDATION_FAILED');
    const type = await refused({ query: '{ __type(name: "Product") { name } }' });
    expect(codes(type)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('circular introspection → 400', async () => {
    const a = await refused({ query: '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }' });
    expect(codes(a)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('a misspelled field → 400 without "Did you mean"', async () => {
    const a = await refused({ query: '{ produc { id } }' });
    expect(codes(a)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(a)).toContain('Cannot query field "produc"');
    expect(a.text).not.toMatch(/Did you mean/);
  });

  it('101 aliases → 400 alias limit (generic text when limits are not exposed)', async () => {
    const nested = await refused({ query: `{ product(id: "1") { ${aliases(101, 'name')} } }` });
    expect(messages(nested)).toMatch(/101 aliases; the maximum is 100/);
    const cop = await refused({ query: `{ ${aliases(101, '__typename')} }` });
    expect(messages(cop)).toMatch(/aliases/);
    const generic = await refused({ query: `{ ${aliases(101, '__typename')} }` }, {}, quiet.url);
    expect(messages(generic)).toBe(GENERIC_LIMIT_MESSAGE);
    const atLimit = await post(url, { query: `{ product(id: "1") { ${aliases(100, 'name')} } }` });
    expect(atLimit.status).toBe(200);
    expect(atLimit.json.data.product.a99).toBe('Product 1');
  });

  it('100 aliased mutations → 400 root-field cap, no reservation written', async () => {
    const one = await post(url, { query: 'mutation { reserve(sku: "S1", quantity: 1) { id } }' }, { 'x-api-key': WRITER_KEY });
    expect(one.json.data.reserve.id).toBe(`R${fx.reservations()}`); // the counter does move when a write goes through
    const written = fx.reservations();
    const many = Array.from({ length: 100 }, (_, i) => `m${i}: reserve(sku: "S1", quantity: 1) { id }`).join(' ');
    const a = await refused({ query: `mutation { ${many} }` }, { 'x-api-key': WRITER_KEY });
    expect(messages(a)).toMatch(/100 root fields; the maximum for a mutation is 10/);
    expect(fx.reservations()).toBe(written);
  });

  it('depth 7+ via product/variants cycle → 400, subgraphs untouched', async () => {
    const deep = '{ product(id: "1") { variants { product { variants { product { variants { product { id } } } } } } } }';
    const a = await refused({ query: deep });
    expect(messages(a)).toMatch(/depth 8 exceeds the maximum depth of 6/);
    const six = await post(url, { query: '{ product(id: "1") { variants { product { variants { product { id } } } } } }' });
    expect(six.status).toBe(200);
  });

  it('fragment cycle → 400 with graphql-js NoFragmentCyclesRule message', async () => {
    const a = await refused({ query: '{ product(id: "1") { ...A } } fragment A on Product { ...B } fragment B on Product { ...A }' });
    expect(codes(a)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(messages(a)).toContain('Cannot spread fragment "A" within itself via "B".');
  });

  it('one fragment with lists spread many times → 400 cost limit', async () => {
    const fragment = 'fragment F on Query { products(first: 100) { variants { product { name } } } }';
    const once = await post(url, { query: `{ ...F } ${fragment}` });
    expect(once.status).toBe(200);
    const a = await refused({ query: `{ ...F ...F ...F ...F ...F } ${fragment}` });
    expect(codes(a)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(messages(a)).toMatch(/cost 10500 exceeds the maximum cost of 10000/);
  });

  it('51 directives on one field → 400 directive limit', async () => {
    const a = await refused({ query: `{ __typename ${'@aa'.repeat(51)} }` });
    expect(messages(a)).toMatch(/51 directives on one selection; the maximum is 10/);
    expect(codes(a).every((c) => c === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
  });

  it('2,001+ tokens → 400 GRAPHQL_PARSE_FAILED (not 500); 500 duplicates → 400', async () => {
    const tokens = await refused({ query: `{ ${'__typename '.repeat(2500)}}` });
    expect(codes(tokens)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(messages(tokens)).toContain('Document contains more that 2000 tokens');
    const dup = await refused({ query: `{ ${'__typename '.repeat(500)}}` });
    expect(messages(dup)).toMatch(/"__typename" is selected more than 3 times/);
  });

  it('syntax garbage → 400 GRAPHQL_PARSE_FAILED without exception or stacktrace', async () => {
    const a = await refused({ query: 'qwerty cop { abc }' });
    expect(codes(a)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(a.text).not.toMatch(/stacktrace|exception/);
  });

  it('wrong variable type ({"$ne": null} for ID!) → 400 BAD_USER_INPUT', async () => {
    const a = await refused({ query: 'query ($id: ID!) { product(id: $id) { id } }', variables: { id: { $ne: null } } });
    expect(codes(a)).toEqual(['BAD_USER_INPUT']);
  });

  it('first: 99999999, a 101-item list, or a deeply nested variable → 400 BAD_USER_INPUT', async () => {
    const page = await refused({ query: '{ products(first: 99999999) { id } }' });
    expect(codes(page)).toEqual(['BAD_USER_INPUT']);
    expect(messages(page)).toMatch(/maximum page size is 100/);
    const viaVariable = await refused({ query: 'query ($n: Int) { products(first: $n) { id } }', variables: { n: 99999999 } });
    expect(codes(viaVariable)).toEqual(['BAD_USER_INPUT']);
    const skus = Array.from({ length: 101 }, (_, i) => `S${i}`);
    const list = await refused({ query: 'query ($s: [ID!]) { products(skus: $s) { id } }', variables: { s: skus } });
    expect(messages(list)).toMatch(/101 items; the maximum is 100/);
    const nested = JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`);
    const deep = await refused({ query: 'query ($s: [ID!]) { products(skus: $s) { id } }', variables: { s: nested } });
    expect(codes(deep)).toEqual(['BAD_USER_INPUT']);
    const ok = await post(url, { query: 'query ($s: [ID!]) { products(skus: $s) { id } }', variables: { s: skus.slice(0, 100) } });
    expect(ok.json.data.products).toHaveLength(100);
  });
});
