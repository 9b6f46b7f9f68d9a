import type { Identity } from '@stockgraph/shared/auth';
import { resolveConfig } from '../../resolveConfig';
import { createBucketFor } from '../rateLimitBucket';

const SECRET = 'x'.repeat(32);
const base: Identity = { clientId: 'x', channel: null, partnerId: null, assortment: null, scopes: [], anonymous: false };

describe('createBucketFor', () => {
  const config = resolveConfig({
    auth: {
      signingSecret: SECRET,
      apiKeys: {
        'storefront-key-0123456789': { clientId: 'storefront', channel: 'DTC', scopes: [] },
        'big-partner-key-012345678': { clientId: 'big-feed', channel: 'MARKETPLACE', partnerId: 'big', scopes: [], rateLimit: { ratePerSecond: 2000, burst: 4000 } },
      },
    },
  });
  const bucketFor = createBucketFor(config.rateLimit, config.auth.apiKeys);

  it('keys partners together, anonymous callers by address, other clients by client', () => {
    expect(bucketFor({ ...base, clientId: 'app1', partnerId: 'acme' }, undefined).key).toBe('partner:acme');
    expect(bucketFor({ ...base, clientId: 'storefront' }, undefined).key).toBe('client:storefront');
    expect(bucketFor({ ...base, clientId: 'anonymous', anonymous: true }, '203.0.113.9').key).toBe('anon:203.0.113.9');
  });

  it('gives a server-side key a budget far above the anonymous one, and a key its own budget when set', () => {
    expect(bucketFor({ ...base, clientId: 'storefront' }, undefined).budget).toEqual(config.rateLimit.client);
    expect(config.rateLimit.client.burst).toBeGreaterThanOrEqual(200 * 10); // 200 concurrent checkouts, many times over
    expect(bucketFor({ ...base, clientId: 'anonymous', anonymous: true }, '203.0.113.9').budget).toEqual(config.rateLimit.anonymous);
    expect(bucketFor({ ...base, clientId: 'small-feed', partnerId: 'small' }, undefined).budget).toEqual(config.rateLimit.partner);
    expect(bucketFor({ ...base, clientId: 'big-feed', partnerId: 'big' }, undefined).budget).toEqual({ ratePerSecond: 2000, burst: 4000 });
  });
});
