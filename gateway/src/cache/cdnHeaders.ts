import type { Identity } from '@stockgraph/shared/auth';

export interface CdnHeaderOptions {
  /** how long a CDN may keep an answer (s-maxage); the purge webhook takes it out sooner on a change */
  maxAgeS: number;
}

/**
 * The caching headers of an availability answer. An anonymous caller's answer depends only on the
 * question, so a CDN may keep it and share it, tagged with its SKUs (`Cache-Tag` for Cloudflare
 * and Akamai, `Surrogate-Key` for Fastly) so a purge by SKU takes it out; browsers revalidate
 * (max-age=0). Any other caller's answer depends on who asks (channel, assortment): private.
 * SKU ids are checked against ID_PATTERN before they get here, so they are safe in a header.
 */
export function cdnHeaders(o: CdnHeaderOptions, identity: Identity, skus: readonly string[]): Record<string, string> {
  if (!identity.anonymous || skus.length === 0) return { 'cache-control': 'private, no-store' };
  return { 'cache-control': `public, max-age=0, s-maxage=${o.maxAgeS}`, 'cache-tag': skus.join(','), 'surrogate-key': skus.join(' ') };
}
