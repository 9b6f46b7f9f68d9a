import type { Channel } from '../domain';
import { ErrorCode, graphQLError } from '../errors';
import type { Identity } from './Identity';

/**
 * What a verified identity may do, decided in the subgraphs (the gateway only authenticates).
 * Scopes: `stock:read` (positions, movements, incoming, discrepancies), `holds:write` (reserve,
 * release), `orders:write` (route, fulfil, return), `planning:read`. Anonymous callers get
 * availability only.
 */
export function requireScope(identity: Identity, scope: string): void {
  if (identity.anonymous || !identity.scopes.includes(scope)) {
    throw graphQLError(identity.anonymous ? ErrorCode.UNAUTHENTICATED : ErrorCode.FORBIDDEN, `This needs the ${scope} scope`);
  }
}

/** A SKU outside a partner's assortment is answered exactly like a SKU that does not exist. */
export function canSeeSku(identity: Identity, sku: string): boolean {
  return identity.assortment === null || identity.assortment.includes(sku);
}

/** A caller bound to a channel (partners, storefronts) asks for that channel only. */
export function requireChannel(identity: Identity, channel: Channel): void {
  if (identity.channel !== null && identity.channel !== channel && (identity.partnerId !== null || identity.anonymous)) {
    throw graphQLError('FORBIDDEN', `This client may read the ${identity.channel} channel only`);
  }
}
