import type { Channel, MovementReason, Position, SourceSystem, StockQuantity } from '../domain';
import type { PackedPositions } from './PackedPositions';

/**
 * The stock ledger: the single source of truth for unified positions per (global SKU, location).
 * Two implementations pass one contract suite: RedisLedger (ioredis + Lua, production) and
 * MemoryLedger (the embedded default). Every write is atomic per SKU; every key that one SKU's
 * writes touch shares a Redis Cluster hash slot (`{sku}` hash tag).
 */

export interface PositionKey { sku: string; locationId: string }

/**
 * Passed to onChange listeners when changes may have been missed (the change stream was
 * interrupted): anything may have changed, so caches drop everything.
 */
export const ANY_POSITION: PositionKey = Object.freeze({ sku: '*', locationId: '*' });

export type LedgerSource = SourceSystem | 'LEDGER';

/** A change of stock reported by a source system (or made by the ledger itself). */
export interface Movement {
  sku: string;
  locationId: string;
  reason: MovementReason;
  /** Signed change of on hand. Ignored when `setTo` is given. */
  delta: number;
  /** Absolute on-hand figure (counts, snapshots). */
  setTo?: number;
  source: LedgerSource;
  /** Unique per source: a duplicate or replayed event changes nothing twice. */
  sourceEventId: string;
  /** The business document behind it: receipt, order, RMA, count… */
  sourceDocument?: string;
  /** Source time, ms since epoch. */
  at: number;
  /** the API client or system that caused it; default: the source system */
  actor?: string;
}

/**
 * One line of the audit trail: a change of one quantity of a position. On-hand movements
 * (applyMovement) and the ledger's own changes (holds, releases, expiries, consumption, safety
 * stock, incoming, in transit, snapshot corrections) all leave one.
 */
export interface MovementRecord extends Movement {
  /** which quantity changed; `delta` is its change and `after` its new figure */
  quantity: StockQuantity;
  after: number;
  actor: string;
  /** ledger time the movement was recorded, ms */
  recordedAt: number;
  onHandAfter: number;
  /** position in the position's history; what history cursors count in */
  seq?: number;
}

export type ApplyOutcome = 'APPLIED' | 'DUPLICATE' | 'STALE';

export interface ApplyResult { outcome: ApplyOutcome; position: Position }

/** An absolute figure from a system's snapshot. Older than what the ledger holds → STALE. */
export interface SnapshotEntry { sku: string; locationId: string; onHand: number; at: number; source: LedgerSource }

export type ReservationStatus = 'ACTIVE' | 'RELEASED' | 'EXPIRED' | 'CONSUMED';

export interface Reservation {
  id: string;
  /** the hold (one reserve call) the reservation belongs to */
  holdId: string;
  sku: string;
  locationId: string;
  quantity: number;
  status: ReservationStatus;
  channel: Channel;
  reference: string | null;
  createdAt: number;
  expiresAt: number;
  updatedAt: number;
  /** held against incoming supply (a backorder or preorder) until the stock is received */
  backorder?: boolean;
  /** a backorder's expected date (YYYY-MM-DD) when it was held: the supply its units were promised from */
  promisedOn?: string | null;
}

/**
 * A line of a hold. A backorder line takes units of the position's promisable supply (open
 * purchase orders, after the supplier's trust factor, less what earlier backorders took) instead of
 * on hand; once stock is received, fillBackorders turns it into an on-hand hold, first come first served.
 */
export interface ReserveLine { sku: string; locationId: string; quantity: number; backorder?: boolean }

/** Open supply for one position: one purchase-order line, in units the ledger may promise. */
export interface SupplyLine {
  /** PO number and line */
  document: string;
  /** YYYY-MM-DD */
  expectedOn: string;
  quantity: number;
}

/** A position's supply and the backorders waiting on it, in the order they were taken (first come first served). */
export interface PositionSupply {
  sku: string;
  locationId: string;
  lines: SupplyLine[];
  backorders: { id: string; quantity: number }[];
}

export interface ReserveRequest {
  holdId: string;
  channel: Channel;
  lines: ReserveLine[];
  ttlMs: number;
  reference?: string | null;
  now: number;
  /** units per (sku, location) that must stay unheld: safety stock and channel buffer are already in the position */
  extraBuffer?: (line: ReserveLine) => number;
  /**
   * The channel's share (0–1] of each position: with its buffer it caps what the channel holds
   * there, its own holds counted: holds + line ≤ ⌊(onHand − safetyStock − buffer) × share⌋. Default 1.
   */
  share?: number;
  /** how long backorder lines are held (they wait for supply); default ttlMs */
  backorderTtlMs?: number;
  /** the API client or system holding, for the audit trail; default 'system' */
  actor?: string;
  /**
   * Called once, in the tick the hold is sent and before any reply, with the reservations it
   * records if every line is held. A write issued from here on a store that shares the ledger's
   * connection and keeps order (KeyValueStore.keepsOrder) reaches Redis after the hold: one round
   * trip for both. Whether the hold took is known only from reserve's result; what the callback
   * wrote on a refusal is the caller's to undo. If it throws, the hold is undone and reserve throws.
   */
  issued?: (reservations: readonly Reservation[]) => void;
}

export type ReserveResult =
  | { ok: true; reservations: Reservation[] }
  | { ok: false; shortages: { index: number; sku: string; locationId: string; requested: number; available: number }[] };

export type ReservationTransition = { ok: true; reservation: Reservation } | { ok: false; reservation: Reservation | null };

export interface HistoryPage { movements: MovementRecord[]; nextCursor: string | null }

/** Units of a transfer arriving at its destination (see StockLedger.receiveTransfer). */
export interface TransferReceipt {
  sku: string;
  locationId: string;
  /** what was shipped: leaves in transit */
  shipped: number;
  /** what arrived: joins on hand (fewer than shipped is a shortage) */
  received: number;
  /** the transfer */
  document: string;
  /** once per event id */
  eventId: string;
  now: number;
  actor?: string;
}

export interface StockLedger {
  /** Positions in key order, null where the ledger has none. One round trip for any number. */
  getPositions(keys: readonly PositionKey[]): Promise<(Position | null)[]>;
  /** All positions of some SKUs (every location that has one). One round trip. */
  getPositionsForSkus(skus: readonly string[]): Promise<Position[][]>;
  /** getPositionsForSkus packed (what PositionCache keeps): the same positions, in the same order. One round trip. */
  getPackedPositionsForSkus(skus: readonly string[]): Promise<PackedPositions[]>;

  /** Sets on hand from a snapshot, unless the ledger already holds a newer figure. No history line. */
  loadSnapshot(entries: readonly SnapshotEntry[]): Promise<ApplyOutcome[]>;
  /**
   * Applies one movement atomically: dedupe by (source, sourceEventId), stale check, history, change event.
   * Dedupe marks are kept per SKU (they share its Cluster slot) for a configurable time (default 7 days).
   * STALE, changing nothing: a delta whose `at` is older than the last absolute figure's time
   * (snapshot or count, i.e. `setTo`), or an absolute figure older than that time. Equal times apply.
   * The position's asOf becomes the newest source time seen, its source the system that changed it.
   */
  applyMovement(m: Movement): Promise<ApplyResult>;
  /** Absolute incoming supply (open purchase orders, inbound). */
  setIncoming(key: PositionKey, quantity: number, at: number, source: LedgerSource): Promise<void>;
  setSafetyStock(key: PositionKey, quantity: number, at: number, actor?: string): Promise<void>;

  /**
   * Replaces a position's open supply (the lines it may promise to backorders). Backorders already
   * taken stay: a short or late PO moves their promise (see promiseBackorders), it never drops them.
   */
  setSupply(key: PositionKey, lines: readonly SupplyLine[], at: number): Promise<void>;
  /** Supply and waiting backorders per SKU, every location that has either. One round trip. */
  getSupply(skus: readonly string[]): Promise<PositionSupply[][]>;
  /**
   * Turns waiting backorders of a position into on-hand holds, first come first served, while
   * the pool (onHand − reserved − safetyStock) covers the next one; stops at the first it cannot.
   * The channel cap does not apply: the units were promised when the backorder was taken.
   */
  fillBackorders(key: PositionKey, now: number): Promise<Reservation[]>;
  /** positions with waiting backorders, for the sweep that fills them */
  backorderPositions(now: number): Promise<PositionKey[]>;

  /** The position's audit trail, newest first. `first` is capped at 1000; nextCursor is null on the last page. */
  history(key: PositionKey, first: number, cursor?: string | null): Promise<HistoryPage>;
  /**
   * Every line of the trail that names `document` (as its source document or the reference of the
   * hold behind it), over every SKU and location, newest first; at most `first` (capped at 1000).
   */
  documentTrail(document: string, first: number): Promise<MovementRecord[]>;

  /**
   * All lines or none; never holds a unit that is not available
   * (onHand − reserved − safetyStock − extraBuffer(line), lines on one position adding up), nor
   * beyond the channel's cap (see ReserveRequest.share), nor a backorder unit beyond promisable.
   * Atomic per SKU; a hold over several SKUs takes back the SKUs already held when another is short.
   * Shortages list every short line with the units left for it.
   */
  reserve(req: ReserveRequest): Promise<ReserveResult>;
  /** Reservation ids carry their SKU and location (see ledger/keys.ts); an unknown or malformed id gives null. */
  getReservations(ids: readonly string[]): Promise<(Reservation | null)[]>;
  release(id: string, now: number, actor?: string): Promise<ReservationTransition>;
  /** The held units leave on hand (shipment left, pickup collected). A backorder still waiting for stock is not consumed (ok false). */
  consume(id: string, now: number, sourceDocument: string, actor?: string): Promise<ReservationTransition>;
  /**
   * A transfer's hold ships: its units leave on hand at the hold's location and are in transit at
   * `toLocationId` (same SKU), in one step; the reservation ends CONSUMED. Only an ACTIVE on-hand hold ships.
   */
  shipTransfer(id: string, toLocationId: string, document: string, now: number, actor?: string): Promise<ReservationTransition>;
  /** A transfer arrives: in transit drops by `shipped`, on hand rises by `received`. Once per event id. */
  receiveTransfer(r: TransferReceipt): Promise<ApplyResult>;
  /**
   * Expires ACTIVE reservations with expiresAt <= now, earliest first, at most `limit` (default 500)
   * per call; safe to run from many processes at once (each expires exactly once). Returns those
   * this call expired.
   */
  expireDue(now: number, limit?: number): Promise<Reservation[]>;

  /** Invalidation: called with the keys of every committed change, from any process on the same store. */
  onChange(listener: (keys: PositionKey[]) => void): () => void;
  /** Resolves once onChange listeners receive changes made by other processes (Redis: SUBSCRIBE acknowledged). */
  changesReady?(): Promise<void>;

  close(): Promise<void>;
}
