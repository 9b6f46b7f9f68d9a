import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, signIdentity, verifyIdentityHeader, type Identity } from '../index';

const secret = 'test-secret-that-is-long-enough-0123456789';
const now = 1_750_000_000_000;
const partner: Identity = {
  clientId: 'acme-app',
  channel: 'WHOLESALE',
  partnerId: 'acme',
  assortment: ['SKU-1', 'SKU-2'],
  scopes: ['stock:read'],
  anonymous: false,
};

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e instanceof GraphQLError ? e.extensions.code : e;
  }
  return 'no error';
}

describe('signed identity header', () => {
  it('round-trips an identity through a Record, a Map and a Fetch Headers', () => {
    const header = signIdentity(partner, secret, now);
    expect(verifyIdentityHeader({ [IDENTITY_HEADER]: header }, secret, now + 1000)).toEqual(partner);
    expect(verifyIdentityHeader(new Map([[IDENTITY_HEADER, header]]), secret, now)).toEqual(partner);
    expect(verifyIdentityHeader(new Headers({ [IDENTITY_HEADER]: header }), secret, now)).toEqual(partner);
  });

  it('refuses a missing header, a doubled header and garbage', () => {
    const header = signIdentity(partner, secret, now);
    expect(codeOf(() => verifyIdentityHeader({}, secret, now))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: [header, header] }, secret, now))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: 'v1.1.2.3' }, secret, now))).toBe('UNAUTHENTICATED');
  });

  it('refuses a header signed with another secret', () => {
    const forged = signIdentity(partner, 'another-secret-that-is-long-enough-012345', now);
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: forged }, secret, now))).toBe('UNAUTHENTICATED');
  });

  it('refuses a tampered payload (partner swapped) with the original signature', () => {
    const [v, ts, , sig] = signIdentity(partner, secret, now).split('.');
    const other = Buffer.from(JSON.stringify({ ...partner, partnerId: 'globex' })).toString('base64url');
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: [v, ts, other, sig].join('.') }, secret, now))).toBe('UNAUTHENTICATED');
  });

  it('refuses a replayed timestamp swap and an expired or future-dated header', () => {
    const [v, , payload, sig] = signIdentity(partner, secret, now).split('.');
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: [v, now + 1, payload, sig].join('.') }, secret, now))).toBe('UNAUTHENTICATED');
    const header = signIdentity(partner, secret, now);
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: header }, secret, now + 30_001))).toBe('UNAUTHENTICATED');
    expect(codeOf(() => verifyIdentityHeader({ [IDENTITY_HEADER]: header }, secret, now - 5_001))).toBe('UNAUTHENTICATED');
    expect(verifyIdentityHeader({ [IDENTITY_HEADER]: header }, secret, now + 59_000, { maxAgeMs: 60_000 })).toEqual(partner);
  });

  it('answers 401 through extensions.http so a subgraph refuses the HTTP request', () => {
    try {
      verifyIdentityHeader({}, secret, now);
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as GraphQLError).extensions.http).toEqual({ status: 401 });
    }
  });

  it('refuses to sign or verify with a short secret, and to sign a malformed identity', () => {
    expect(() => signIdentity(partner, 'short', now)).toThrow(/at least 32/);
    expect(() => verifyIdentityHeader({}, 'short', now)).toThrow(/at least 32/);
    expect(() => signIdentity({ ...partner, channel: 'MOON' as never }, secret, now)).toThrow();
  });
});
