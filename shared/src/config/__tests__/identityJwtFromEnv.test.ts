import { identityJwtFromEnv, subgraphEnv } from '../subgraphEnv';

const base = { REDIS_URL: 'redis://127.0.0.1:6379', GATEWAY_SIGNING_SECRET: 'x'.repeat(32) };
const parse = (extra: Record<string, string>, files: Record<string, string> = {}) =>
  identityJwtFromEnv(subgraphEnv.parse({ ...base, ...extra }), (path) => {
    if (!(path in files)) throw new Error('ENOENT');
    return files[path]!;
  });

describe('a subgraph\'s JWT settings from its environment', () => {
  it('are off without JWT_ISSUER, even when other JWT variables are set (compose passes them empty)', () => {
    expect(parse({})).toBeNull();
    expect(parse({ JWT_ISSUER: '', JWT_AUDIENCE: '', JWT_JWKS_URL: '' })).toBeNull();
  });

  it('read issuers, audience, key set file, claims mapping and named assortments', () => {
    const jwks = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'a', y: 'b', kid: 'k' }] });
    const got = parse(
      { JWT_ISSUER: 'https://idp.test, stockgraph-gateway', JWT_AUDIENCE: 'sg', JWT_JWKS_FILE: '/keys.json', JWT_CLAIMS: '{"partnerId":["org"]}', JWT_ASSORTMENTS: '{"acme":["SKU-1"]}', JWT_ALGORITHMS: 'ES256' },
      { '/keys.json': jwks },
    );
    expect(got).toMatchObject({
      config: { issuer: ['https://idp.test', 'stockgraph-gateway'], audience: 'sg', algorithms: ['ES256'], jwks: JSON.parse(jwks), claims: { partnerId: ['org'], clientId: ['client_id', 'azp', 'sub'] } },
      assortments: { acme: ['SKU-1'] },
    });
  });

  it('report every problem at once', () => {
    expect(() => parse({ JWT_ISSUER: 'https://idp.test', JWT_JWKS_FILE: '/missing.json', JWT_CLAIMS: '{nope', JWT_ALGORITHMS: 'HS256' }))
      .toThrow(/JWT_JWKS_FILE: cannot read \/missing\.json[\s\S]*JWT_CLAIMS: is not valid JSON[\s\S]*JWT_AUDIENCE[\s\S]*JWT_ALGORITHMS/);
  });
});
