/**
 * Headers that carry identity or trust between our own services. A client never gets to set
 * them: the adapter drops them on the way in and the data source drops them on the way out,
 * then adds the one signed identity header.
 */
const INTERNAL_HEADERS = new Set([
  'x-partner-id',
  'x-user-scopes',
  'x-user-id',
  'x-client-id',
  'x-channel',
  'x-assortment',
  'x-forwarded-user',
  'x-authenticated-user',
]);
const INTERNAL_PREFIXES = ['x-stockgraph-', 'x-internal-'];

export function isInternalHeader(name: string): boolean {
  const n = name.toLowerCase();
  return INTERNAL_HEADERS.has(n) || INTERNAL_PREFIXES.some((p) => n.startsWith(p));
}
