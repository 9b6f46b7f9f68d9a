import { z } from 'zod';
import { CHANNELS, type Channel } from '../domain';

/**
 * Who is calling, as verified by the gateway. Subgraphs trust only this (never a raw client
 * header): it reaches them signed by the gateway in the `x-stockgraph-identity` header.
 */
export interface Identity {
  clientId: string;
  channel: Channel | null;
  partnerId: string | null;
  /** the global SKUs this caller may see; null = the whole catalogue */
  assortment: string[] | null;
  scopes: string[];
  anonymous: boolean;
}

/** The one header the gateway signs; every other client-supplied internal header is dropped. */
export const IDENTITY_HEADER = 'x-stockgraph-identity';
/**
 * Set by the gateway when it will cache the answer: the SKUs (comma-separated) whose stock must be
 * read from the ledger, not from the subgraph's own cache, because the gateway saw them change a
 * moment ago and the subgraph's invalidation may lag. It only costs reads; clients cannot send it
 * through the gateway (an internal header).
 */
export const READ_THROUGH_HEADER = 'x-stockgraph-read-through';

// Bounds keep a forged or bloated header from costing the subgraph anything to reject.
export const identitySchema = z
  .object({
    clientId: z.string().min(1).max(200),
    channel: z.enum(CHANNELS).nullable(),
    partnerId: z.string().min(1).max(200).nullable(),
    assortment: z.array(z.string().min(1).max(200)).max(100_000).nullable(),
    scopes: z.array(z.string().min(1).max(100)).max(100),
    anonymous: z.boolean(),
  })
  .strict();

export function hasScope(identity: Identity, scope: string): boolean {
  return identity.scopes.includes(scope);
}
