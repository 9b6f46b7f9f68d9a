import { ConfigError } from '@stockgraph/shared';
import { DEV_SIGNING_SECRET, loadConfig, queryHash, resolveConfig, safelistFromManifest } from '../config';

const SECRET = 'a-production-secret-0123456789abcdefgh';

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('defaults to production, which needs a signing secret', () => {
    expect(problems(() => loadConfig({}))).toMatch(/auth\.signingSecret: GATEWAY_SIGNING_SECRET must be at least 32/);
    const c = loadConfig({ GATEWAY_SIGNING_SECRET: SECRET });
    expect(c).toMatchObject({ mode: 'production', port: 4000, host: '127.0.0.1', introspection: false, exposeLimits: false });
    expect(c.limits).toMatchObject({ maxBodyBytes: 100_000, maxTokens: 2000, maxDepth: 6, maxAliases: 100, maxListItems: 100 });
  });

  it('reads the stock cache settings, and refuses a Redis URL that is not one', () => {
    expect(loadConfig({ GATEWAY_SIGNING_SECRET: SECRET }).responseCache).toMatchObject({ enabled: true, redisUrl: '', keyPrefix: 'sg:', maxBytes: 16 * 1024 * 1024 });
    const c = loadConfig({
      GATEWAY_SIGNING_SECRET: SECRET, RESPONSE_CACHE_ENABLED: 'false', REDIS_URL: 'redis://10.0.0.5:6380/2', KEY_PREFIX: 'shop:',
      RESPONSE_CACHE_MAX_MB: '8', RESPONSE_CACHE_TTL_MS: '5000',
    });
    expect(c.responseCache).toMatchObject({ enabled: false, redisUrl: 'redis://10.0.0.5:6380/2', keyPrefix: 'shop:', maxBytes: 8 * 1024 * 1024, ttlMs: 5000 });
    expect(problems(() => loadConfig({ GATEWAY_SIGNING_SECRET: SECRET, REDIS_URL: 'not a url' }))).toMatch(/responseCache\.redisUrl/);
  });

  it('development mode: introspection, named limits and a development secret', () => {
    const c = loadConfig({ NODE_ENV: 'development' });
    expect(c).toMatchObject({ mode: 'development', introspection: true, exposeLimits: true });
    expect(c.auth.signingSecret).toBe(DEV_SIGNING_SECRET);
    expect(problems(() => loadConfig({ GATEWAY_MODE: 'production', GATEWAY_SIGNING_SECRET: DEV_SIGNING_SECRET }))).toMatch(/refused in production/);
  });

  it('reads limits, subgraph URLs, auth and rate limits from the environment', () => {
    const c = loadConfig({
      GATEWAY_SIGNING_SECRET: SECRET,
      PORT: '5000',
      MAX_DEPTH: '9',
      MAX_COST: '500',
      SUBGRAPH_UNIFICATION_URL: 'http://unification:4001/graphql',
      GATEWAY_API_KEYS: JSON.stringify({ 'partner-key-0123456789': { clientId: 'acme', channel: 'WHOLESALE', scopes: [] } }),
      JWT_ISSUER: 'https://idp',
      JWT_AUDIENCE: 'stockgraph',
      JWT_JWKS_URL: 'https://idp/jwks.json',
      RATE_LIMIT_ANONYMOUS_RPS: '5',
      RATE_LIMIT_CLIENT_BURST: '50000',
      TRUSTED_PROXIES: '10.0.0.0/8, loopback',
      ALLOW_ANONYMOUS: 'false',
    });
    expect(c.port).toBe(5000);
    expect(c.limits.maxDepth).toBe(9);
    expect(c.limits.maxCost).toBe(500);
    expect(c.limits.maxAliases).toBe(100);
    expect(c.subgraphUrls).toEqual({ UNIFICATION: 'http://unification:4001/graphql' });
    expect(c.auth.apiKeys['partner-key-0123456789'].clientId).toBe('acme');
    expect(c.auth.jwt).toMatchObject({ algorithms: ['RS256', 'ES256'], jwksUrl: 'https://idp/jwks.json' });
    expect(c.rateLimit.anonymous).toEqual({ ratePerSecond: 5, burst: 100 });
    expect(c.rateLimit.client).toEqual({ ratePerSecond: 10_000, burst: 50_000 });
    expect(c.rateLimit.trustedProxies).toEqual(['10.0.0.0/8', 'loopback']);
    expect(c.auth.allowAnonymous).toBe(false);
  });

  it('reports every problem at once', () => {
    const text = problems(() =>
      loadConfig({
        GATEWAY_SIGNING_SECRET: SECRET,
        MAX_DEPTH: '0',
        JWT_ISSUER: 'https://idp',
        JWT_AUDIENCE: 'x',
        JWT_ALGORITHMS: 'HS256',
        JWT_JWKS_URL: 'https://idp/jwks.json',
        SUBGRAPH_ERP_URL: 'not a url',
        GATEWAY_API_KEYS: JSON.stringify({ short: { clientId: 'x', channel: null, scopes: [] } }),
        TRUSTED_PROXIES: '10.0.0.0/33',
      }),
    );
    expect(text).toMatch(/rateLimit\.trustedProxies/);
    expect(text).toMatch(/limits\.maxDepth/);
    expect(text).toMatch(/auth\.jwt\.algorithms/);
    expect(text).toMatch(/subgraphUrls\.ERP/);
    expect(text).toMatch(/at least 16 characters/);
    expect(problems(() => loadConfig({ GATEWAY_SIGNING_SECRET: SECRET, GATEWAY_API_KEYS: '{nope' }))).toMatch(/GATEWAY_API_KEYS: is not valid JSON/);
  });

  it('reads *_FILE variables and a persisted-query manifest', () => {
    const files: Record<string, string> = {
      '/run/secret': `${SECRET}\n`,
      '/pq.json': JSON.stringify({ format: 'apollo-persisted-query-manifest', operations: [{ id: 'x', body: '{ a }' }] }),
    };
    const c = loadConfig({ GATEWAY_SIGNING_SECRET_FILE: '/run/secret', PERSISTED_QUERIES_FILE: '/pq.json', SAFELIST_MODE: 'enforce' }, (p) => files[p]);
    expect(c.auth.signingSecret).toBe(SECRET);
    expect(c.safelist).toEqual({ mode: 'enforce', operations: { [queryHash('{ a }')]: '{ a }' } });
    const missing = (p: string): string => {
      throw Object.assign(new Error(p), { code: 'ENOENT' });
    };
    expect(problems(() => loadConfig({ GATEWAY_SIGNING_SECRET_FILE: '/nope' }, missing))).toMatch(/cannot read \/nope \(ENOENT\)/);
  });
});

describe('resolveConfig', () => {
  it('merges nested overrides one level deep', () => {
    const c = resolveConfig({ auth: { signingSecret: SECRET }, limits: { maxDepth: 3 } });
    expect(c.limits.maxDepth).toBe(3);
    expect(c.limits.maxAliases).toBe(100);
    expect(c.auth.allowAnonymous).toBe(true);
  });

  it('refuses a named assortment that does not exist, and enforce mode without operations', () => {
    const text = problems(() =>
      resolveConfig({
        auth: { signingSecret: SECRET, apiKeys: { 'partner-key-0123456789': { clientId: 'acme', channel: null, assortment: 'nope', scopes: [] } } },
        safelist: { mode: 'enforce' },
      }),
    );
    expect(text).toMatch(/unknown assortment "nope"/);
    expect(text).toMatch(/SAFELIST_MODE=enforce needs/);
  });

  it('a plain hash → query manifest is re-keyed from the text, not trusted', () => {
    expect(safelistFromManifest({ deadbeef: '{ b }' })).toEqual({ [queryHash('{ b }')]: '{ b }' });
  });
});
