import { createHash } from 'node:crypto';
import type { Identity } from '@stockgraph/shared/auth';

/**
 * What makes two requests the same question: who asks (everything the identity carries: client,
 * channel, partner, scopes, assortment), what they accept (it picks the content type), and the
 * request body exactly as sent. Byte-identical bodies are what a storefront sends for one page;
 * a body that differs only in spacing is another entry, never a wrong answer.
 */
export function cacheKey(identity: Identity, accept: string | undefined, body: string): string {
  return `${fingerprint(identity)}\u0000${accept ?? ''}\u0000${body}`;
}

/** API-key identities are frozen and shared per key (auth/apiKeyAuthenticator): hashed once */
const fingerprints = new WeakMap<Identity, string>();

function fingerprint(identity: Identity): string {
  let f = fingerprints.get(identity);
  if (f === undefined) {
    f = createHash('sha1')
      .update(JSON.stringify([identity.clientId, identity.channel, identity.partnerId, identity.anonymous, identity.scopes, identity.assortment]))
      .digest('base64');
    if (Object.isFrozen(identity)) fingerprints.set(identity, f);
  }
  return f;
}
