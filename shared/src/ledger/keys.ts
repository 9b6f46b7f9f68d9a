import { allShardChannels, shardChannelFor } from '../redis/shardChannels';
import type { PositionKey } from './StockLedger';

/**
 * Redis key layout of the stock ledger. Everything one SKU's writes touch lives under the
 * `{sku}` hash tag, so every Lua script runs on one Cluster slot:
 *
 *   <prefix>{<sku>}:pos                     hash  field = location id, value = packed position
 *   <prefix>{<sku>}:h:<location>            list  history of one position, newest first, capped
 *   <prefix>{<sku>}:ev:<source>:<eventId>   string dedupe mark of a source event, TTL'd
 *   <prefix>{<sku>}:rsv:<reservationId>     string reservation record (JSON); TTL once no longer ACTIVE
 *   <prefix>{<sku>}:held                    hash  field = `<location>|<channel>`, value = units the channel holds there
 *   <prefix>{<sku>}:sup                     hash  field = location id, value = JSON [[document, expectedOn, units], …] open supply
 *   <prefix>{<sku>}:boq:<location>          list  waiting backorders, first come first: `<reservationId>|<units>`
 *   <prefix>{<sku>}:boloc                   set   locations whose backorder queue is not empty
 *   <prefix>{<sku>}:ad:<document>          list  the SKU's trail lines naming a document, newest first: `<location>|<history line>`; capped, TTL'd
 *   <prefix>doc:<document>                  set   SKUs whose trail may name the document (written before the SKU's script; TTL'd)
 *   <prefix>rsv:due                         zset  expiry index over all SKUs: member = id, score = expiresAt
 *   <prefix>bo:open                         zset  `<sku>\u0000<location>` of positions with waiting backorders, score = last listed (the fill sweep's list)
 *   <prefix>changes                         pub/sub channel: JSON [[sku, location], …] of each commit
 *   <prefix>changes:{<slot tag>}            on a Cluster: the shard channel of the SKU's slot (a
 *                                           script may SPUBLISH only within its own slot)
 *
 * The document index (`doc:<document>`) has its own slot too: it lists the SKU before the script
 * that writes the SKU's lines runs, so a crash in between leaves a SKU too many (an empty read),
 * never a line the document's trail cannot find.
 *
 * The expiry index has its own slot: it is written before a hold and cleaned after the per-SKU
 * transition, so a crash in between leaves an index entry too many, never a hold that cannot expire.
 */
export interface LedgerKeys {
  readonly prefix: string;
  positions(sku: string): string;
  history(sku: string, locationId: string): string;
  dedupe(sku: string, source: string, sourceEventId: string): string;
  reservation(sku: string, reservationId: string): string;
  held(sku: string): string;
  supply(sku: string): string;
  backorderQueue(sku: string, locationId: string): string;
  backorderLocations(sku: string): string;
  documentTrail(sku: string, document: string): string;
  documentSkus(document: string): string;
  /** `<prefix>{<sku>}`: scripts that walk a queue build reservation keys from it (same slot) */
  tag(sku: string): string;
  readonly expiryIndex: string;
  readonly backorderIndex: string;
  readonly changes: string;
  /** the channel a commit on `sku` is announced on: `changes`, or its slot's shard channel */
  changeChannel(sku: string): string;
  /** every channel a listener of all changes subscribes to */
  changeChannels(): string[];
}

export const DEFAULT_LEDGER_PREFIX = 'sg:';

/** `sharded`: on a Redis Cluster, where change notices go out by SPUBLISH per slot. */
export function ledgerKeys(prefix: string = DEFAULT_LEDGER_PREFIX, sharded = false): LedgerKeys {
  // A brace in the prefix would become the hash tag and scatter one SKU's keys over slots.
  if (/[{}]/.test(prefix)) throw new RangeError(`ledger key prefix must not contain braces: ${prefix}`);
  const tag = (sku: string) => `${prefix}{${sku}}`;
  return {
    prefix,
    positions: (sku) => `${tag(sku)}:pos`,
    history: (sku, loc) => `${tag(sku)}:h:${loc}`,
    dedupe: (sku, source, id) => `${tag(sku)}:ev:${source}:${id}`,
    reservation: (sku, id) => `${tag(sku)}:rsv:${id}`,
    held: (sku) => `${tag(sku)}:held`,
    supply: (sku) => `${tag(sku)}:sup`,
    backorderQueue: (sku, loc) => `${tag(sku)}:boq:${loc}`,
    backorderLocations: (sku) => `${tag(sku)}:boloc`,
    documentTrail: (sku, doc) => `${tag(sku)}:ad:${doc}`,
    documentSkus: (doc) => `${prefix}doc:${doc}`,
    tag,
    expiryIndex: `${prefix}rsv:due`,
    backorderIndex: `${prefix}bo:open`,
    changes: `${prefix}changes`,
    changeChannel: sharded ? (sku) => shardChannelFor(`${prefix}changes`, `${tag(sku)}:pos`) : () => `${prefix}changes`,
    changeChannels: sharded ? () => allShardChannels(`${prefix}changes`) : () => [`${prefix}changes`],
  };
}

/** The change channel carries JSON `[[sku, locationId], …]`; anything else is ignored. */
export function parseChangeMessage(message: string): PositionKey[] {
  try {
    const parsed = JSON.parse(message) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((k): k is [string, string] => Array.isArray(k) && typeof k[0] === 'string' && typeof k[1] === 'string')
      .map(([sku, locationId]) => ({ sku, locationId }));
  } catch {
    return [];
  }
}

/**
 * Reservation ids carry their SKU and location (base64url), so a lookup by id goes straight to the
 * SKU's slot with no id→sku index to keep in step: `R.<b64url sku>.<b64url location>.<random>`.
 */
export function reservationId(sku: string, locationId: string, random: string): string {
  return `R.${b64(sku)}.${b64(locationId)}.${random}`;
}

export function parseReservationId(id: string): { sku: string; locationId: string } | null {
  if (typeof id !== 'string' || id.length > 1024) return null;
  const parts = id.split('.');
  if (parts.length !== 4 || parts[0] !== 'R' || !/^[0-9a-z]{1,40}$/i.test(parts[3]!)) return null;
  const sku = unb64(parts[1]!);
  const locationId = unb64(parts[2]!);
  if (!sku || !locationId) return null;
  return { sku, locationId };
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

function unb64(s: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const out = Buffer.from(s, 'base64url').toString('utf8');
  // reject non-canonical encodings so one reservation has exactly one id
  return b64(out) === s ? out : null;
}
