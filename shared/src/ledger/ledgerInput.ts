import { randomBytes } from 'crypto';
import { CHANNELS, MOVEMENT_REASONS } from '../domain';
import type { Movement, PositionKey, TransferReceipt, Reservation, ReserveLine, ReserveRequest, SnapshotEntry, SupplyLine } from './StockLedger';
import { reservationId } from './keys';
import { sourceCode } from './positionCodec';

/**
 * Input checks both ledgers share, so they refuse the same things. Callers (resolvers, adapters)
 * validate business input first; these throw RangeError on what would corrupt the store.
 */
export const LEDGER_DEFAULTS = {
  /** how long a (source, sourceEventId) mark suppresses a replay */
  dedupeTtlMs: 7 * 24 * 3600_000,
  /** history lines kept per position */
  historyCap: 500,
  /** how long a released / expired / consumed reservation stays readable */
  reservationRetentionMs: 7 * 24 * 3600_000,
  /** how long the per-document trail (and its SKU index) is kept after its last line */
  auditRetentionMs: 30 * 24 * 3600_000,
  /** trail lines kept per document and SKU */
  documentTrailCap: 1000,
  /** largest history page */
  maxHistoryPage: 1000,
  /** reservations one expireDue call handles */
  expireLimit: 500,
} as const;

export interface LedgerOptions {
  dedupeTtlMs?: number;
  historyCap?: number;
  reservationRetentionMs?: number;
  auditRetentionMs?: number;
  documentTrailCap?: number;
  /** ledger time (recordedAt, memory TTLs); default Date.now */
  clock?: () => number;
}

/** Options with defaults filled in and checked (a zero TTL would make Redis refuse every write). */
export function resolveLedgerOptions(opts: LedgerOptions): Required<LedgerOptions> {
  const out = {
    dedupeTtlMs: opts.dedupeTtlMs ?? LEDGER_DEFAULTS.dedupeTtlMs,
    historyCap: opts.historyCap ?? LEDGER_DEFAULTS.historyCap,
    reservationRetentionMs: opts.reservationRetentionMs ?? LEDGER_DEFAULTS.reservationRetentionMs,
    auditRetentionMs: opts.auditRetentionMs ?? LEDGER_DEFAULTS.auditRetentionMs,
    documentTrailCap: opts.documentTrailCap ?? LEDGER_DEFAULTS.documentTrailCap,
    clock: opts.clock ?? Date.now,
  };
  checkInt('dedupeTtlMs', out.dedupeTtlMs, 1);
  checkInt('historyCap', out.historyCap, 1);
  checkInt('reservationRetentionMs', out.reservationRetentionMs, 1);
  checkInt('auditRetentionMs', out.auditRetentionMs, 1);
  checkInt('documentTrailCap', out.documentTrailCap, 1);
  return out;
}

const ID_MAX = 256;

function fail(message: string): never {
  throw new RangeError(message);
}

function checkId(what: string, v: unknown): void {
  if (typeof v !== 'string' || v.length === 0 || v.length > ID_MAX) fail(`${what} must be a non-empty string of at most ${ID_MAX} characters`);
}

function checkInt(what: string, v: unknown, min = Number.MIN_SAFE_INTEGER): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) fail(`${what} must be an integer >= ${min}, got ${String(v)}`);
}

export function checkKey(k: PositionKey): void {
  checkId('sku', k?.sku);
  checkId('locationId', k?.locationId);
}

export function checkMovement(m: Movement): void {
  checkKey(m);
  if (!(MOVEMENT_REASONS as readonly string[]).includes(m.reason)) fail(`unknown movement reason ${String(m.reason)}`);
  sourceCode(m.source);
  checkId('sourceEventId', m.sourceEventId);
  checkInt('at', m.at, 0);
  if (m.setTo !== undefined) checkInt('setTo', m.setTo);
  else checkInt('delta', m.delta);
  checkActor(m.actor);
  if (m.sourceDocument !== undefined) checkId('sourceDocument', m.sourceDocument);
}

export function checkActor(actor: string | undefined): void {
  if (actor !== undefined) checkId('actor', actor);
}

export function checkDocument(document: string): void {
  checkId('document', document);
}

export function checkReceipt(r: TransferReceipt): void {
  checkKey(r);
  checkId('document', r.document);
  checkId('eventId', r.eventId);
  checkInt('shipped', r.shipped, 0);
  checkInt('received', r.received, 0);
  checkInt('now', r.now, 0);
  checkActor(r.actor);
}

export function checkSnapshotEntry(e: SnapshotEntry): void {
  checkKey(e);
  checkInt('onHand', e.onHand);
  checkInt('at', e.at, 0);
  sourceCode(e.source);
}

export function checkQuantity(what: string, q: number, at: number): void {
  checkInt(what, q, 0);
  checkInt('at', at, 0);
}

export function checkTime(what: string, v: number): void {
  checkInt(what, v, 0);
}

export function checkReserve(req: ReserveRequest): void {
  checkId('holdId', req.holdId);
  if (!(CHANNELS as readonly string[]).includes(req.channel)) fail(`unknown channel ${String(req.channel)}`);
  if (!Array.isArray(req.lines) || req.lines.length === 0) fail('a hold needs at least one line');
  for (const line of req.lines) {
    checkKey(line);
    checkInt('quantity', line.quantity, 1);
  }
  checkInt('ttlMs', req.ttlMs, 1);
  if (req.backorderTtlMs !== undefined) checkInt('backorderTtlMs', req.backorderTtlMs, 1);
  checkInt('now', req.now, 0);
  if (req.share !== undefined && !(typeof req.share === 'number' && req.share > 0 && req.share <= 1)) fail(`share must be in (0, 1], got ${String(req.share)}`);
}


export function checkSupply(lines: readonly SupplyLine[], at: number): void {
  checkInt('at', at, 0);
  if (!Array.isArray(lines)) fail('supply lines must be an array');
  for (const l of lines) {
    checkId('document', l?.document);
    if (typeof l.expectedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(l.expectedOn)) fail(`expectedOn must be YYYY-MM-DD, got ${String(l.expectedOn)}`);
    checkInt('quantity', l.quantity, 0);
  }
}

/** The ACTIVE reservations a hold records if every line is held, one per line, each with a fresh id. */
export function reservationsOf(req: ReserveRequest): Reservation[] {
  return req.lines.map((line) => ({
    id: reservationId(line.sku, line.locationId, randomToken()), holdId: req.holdId, sku: line.sku, locationId: line.locationId,
    quantity: line.quantity, status: 'ACTIVE', channel: req.channel, reference: req.reference ?? null,
    createdAt: req.now, expiresAt: req.now + (line.backorder ? req.backorderTtlMs ?? req.ttlMs : req.ttlMs), updatedAt: req.now,
    ...(line.backorder ? { backorder: true } : {}),
  }));
}

export function lineBuffer(req: ReserveRequest, line: ReserveLine): number {
  const b = req.extraBuffer ? req.extraBuffer(line) : 0;
  checkInt('extraBuffer', b, 0);
  return b;
}

export function checkPageSize(first: number): number {
  checkInt('first', first, 0);
  return Math.min(first, LEDGER_DEFAULTS.maxHistoryPage);
}

/** History cursors are the sequence number of the last line seen; lines older than it come next. */
export function parseCursor(cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  if (!/^[1-9]\d{0,14}$/.test(cursor)) fail('invalid history cursor');
  return Number(cursor);
}

export function randomToken(): string {
  return randomBytes(10).toString('hex');
}
