import { SignJWT, exportJWK, importJWK, type JWK, type KeyLike } from 'jose';
import type { Identity } from './Identity';

export interface IdentityJwtSignerOptions {
  /** a private JWK with `kid` and `alg` (ES256, RS256, …): the gateway's own signing key */
  privateJwk: JWK;
  issuer: string;
  audience: string;
  /** short, as the signed header's 30 s: a leaked token is soon useless */
  ttlSeconds?: number;
}

export interface IdentityJwtSigner {
  sign(identity: Identity): Promise<string>;
  /** the public half, to publish (the gateway serves it at /.well-known/jwks.json) */
  jwks: { keys: JWK[] };
}

/**
 * The gateway's identity as a standard JWT instead of the HMAC header: the claims the subgraphs'
 * default mapping reads (client_id, scope, partner_id, channel, assortment as a SKU list), signed
 * with the gateway's private key, so a subgraph checks it against a JWKS like any client token.
 */
export async function createIdentityJwtSigner(o: IdentityJwtSignerOptions): Promise<IdentityJwtSigner> {
  const { kid, alg } = o.privateJwk;
  if (!kid || !alg) throw new Error('the gateway JWT key needs a kid and an alg');
  if (!o.privateJwk.d) throw new Error('the gateway JWT key must be a private key');
  const key = (await importJWK(o.privateJwk, alg)) as KeyLike;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart } = o.privateJwk;
  const publicJwk = { ...(await exportJWK((await importJWK(publicPart, alg)) as KeyLike)), kid, alg, use: 'sig' };
  const ttl = o.ttlSeconds ?? 30;
  return {
    jwks: { keys: [publicJwk] },
    sign: (identity) => {
      const claims: Record<string, unknown> = { client_id: identity.clientId, scope: identity.scopes.join(' ') };
      if (identity.partnerId) claims.partner_id = identity.partnerId;
      if (identity.channel) claims.channel = identity.channel;
      if (identity.assortment) claims.assortment = identity.assortment;
      // an anonymous caller keeps its narrower rights (its channel only, no scoped field)
      if (identity.anonymous) claims.anonymous = true;
      return new SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).setIssuer(o.issuer).setAudience(o.audience)
        .setIssuedAt().setExpirationTime(`${ttl}s`).sign(key);
    },
  };
}
