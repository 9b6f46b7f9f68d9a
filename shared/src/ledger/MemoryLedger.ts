import { channelRoom, type Channel, type MovementReason, type Position, type StockQuantity } from '../domain';
import type {
  ApplyOutcome, ApplyResult, HistoryPage, LedgerSource, Movement, MovementRecord, PositionKey, PositionSupply, Reservation,
  ReservationStatus, ReservationTransition, ReserveRequest, ReserveResult, SnapshotEntry, StockLedger, SupplyLine, TransferReceipt,
} from './StockLedger';
import { mergeDocumentTrails } from './historyLine';
import { sortSupply } from './allocateSupply';
import { parseReservationId } from './keys';
import { PackedPositions } from './PackedPositions';
import { emptyPosition, publicPosition, type StoredPosition } from './positionCodec';
import {
  LEDGER_DEFAULTS, checkActor, checkDocument, checkKey, checkMovement, checkReceipt, checkPageSize, checkQuantity, checkReserve, checkSnapshotEntry,
  checkSupply, checkTime, lineBuffer, parseCursor, reservationsOf, resolveLedgerOptions, type LedgerOptions,
} from './ledgerInput';

interface HistoryLine { seq: number; record: MovementRecord }
interface DocumentTrail { lines: HistoryLine[]; expiresAt: number }

const DEFAULT_ACTOR = 'system';
const TRANSITION_REASON: Record<ReservationStatus | 'UNHOLD' | 'SHIP', MovementReason> = {
  ACTIVE: 'RESERVATION', RELEASED: 'RELEASE', EXPIRED: 'EXPIRY', CONSUMED: 'FULFILLMENT', UNHOLD: 'RELEASE', SHIP: 'TRANSFER_OUT',
};
interface StoredReservation { r: Reservation; purgeAt: number | null }

/**
 * The embedded ledger: same rules as RedisLedger, held in process memory. Every method does its
 * checks and writes without an await in between, which is what makes it atomic here.
 */
export class MemoryLedger implements StockLedger {
  private readonly positions = new Map<string, Map<string, StoredPosition>>();
  private readonly historyLines = new Map<string, HistoryLine[]>();
  private readonly dedupe = new Map<string, number>();
  private readonly reservations = new Map<string, StoredReservation>();
  private readonly active = new Set<string>();
  private readonly listeners = new Set<(keys: PositionKey[]) => void>();
  /** `<sku>\0<location>` → units held per channel */
  private readonly held = new Map<string, Partial<Record<Channel, number>>>();
  /** `<sku>\0<location>` → open supply, soonest first */
  private readonly supply = new Map<string, SupplyLine[]>();
  /** `<sku>\0<location>` → waiting backorders, first come first */
  private readonly queues = new Map<string, { id: string; quantity: number }[]>();
  private readonly dedupeTtlMs: number;
  private readonly historyCap: number;
  private readonly retentionMs: number;
  private readonly auditRetentionMs: number;
  private readonly documentTrailCap: number;
  /** document → `<sku>` → its trail lines there, newest first (what the Redis ledger keeps per SKU slot) */
  private readonly documents = new Map<string, Map<string, DocumentTrail>>();
  private readonly clock: () => number;
  private dedupeWrites = 0;

  constructor(opts: LedgerOptions = {}) {
    const o = resolveLedgerOptions(opts);
    this.dedupeTtlMs = o.dedupeTtlMs;
    this.historyCap = o.historyCap;
    this.retentionMs = o.reservationRetentionMs;
    this.auditRetentionMs = o.auditRetentionMs;
    this.documentTrailCap = o.documentTrailCap;
    this.clock = o.clock;
  }

  async getPositions(keys: readonly PositionKey[]): Promise<(Position | null)[]> {
    return keys.map((k) => {
      const p = this.positions.get(k.sku)?.get(k.locationId);
      return p ? this.withHeld(publicPosition(p)) : null;
    });
  }

  async getPositionsForSkus(skus: readonly string[]): Promise<Position[][]> {
    return skus.map((sku) =>
      [...(this.positions.get(sku)?.values() ?? [])]
        .map((p) => this.withHeld(publicPosition(p)))
        .sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0)),
    );
  }

  async getPackedPositionsForSkus(skus: readonly string[]): Promise<PackedPositions[]> {
    return (await this.getPositionsForSkus(skus)).map((positions, i) => PackedPositions.fromPositions(skus[i]!, positions));
  }

  async loadSnapshot(entries: readonly SnapshotEntry[]): Promise<ApplyOutcome[]> {
    entries.forEach(checkSnapshotEntry);
    const changed: PositionKey[] = [];
    const outcomes = entries.map((e): ApplyOutcome => {
      const existed = this.positions.get(e.sku)?.has(e.locationId) ?? false;
      const p = this.position(e.sku, e.locationId);
      if (e.at < p.absoluteAt) return 'STALE';
      this.store({ ...p, onHand: e.onHand, absoluteAt: e.at, asOf: Math.max(p.asOf, e.at), source: e.source });
      // a correction of a figure the ledger had is on the trail; a first load is not
      if (existed && p.onHand !== e.onHand) {
        this.trail(e, { reason: 'SNAPSHOT', quantity: 'ON_HAND', delta: e.onHand - p.onHand, after: e.onHand, source: e.source, sourceEventId: `snapshot:${e.source}:${e.at}`, at: e.at, actor: e.source }, e.onHand, []);
      }
      changed.push({ sku: e.sku, locationId: e.locationId });
      return 'APPLIED';
    });
    this.emit(changed);
    return outcomes;
  }

  async applyMovement(m: Movement): Promise<ApplyResult> {
    checkMovement(m);
    const existing = this.positions.get(m.sku)?.get(m.locationId);
    const current = existing ?? emptyPosition(m.sku, m.locationId);
    const mark = `${m.sku}\u0000${m.source}\u0000${m.sourceEventId}`;
    const now = this.clock();
    const markedUntil = this.dedupe.get(mark);
    if (markedUntil !== undefined && markedUntil > now) return { outcome: 'DUPLICATE', position: publicPosition(current) };
    this.dedupe.set(mark, now + this.dedupeTtlMs);
    if (++this.dedupeWrites % 10_000 === 0) this.sweepDedupe(now);
    if (m.at < current.absoluteAt) return { outcome: 'STALE', position: publicPosition(current) };

    const absolute = m.setTo !== undefined;
    const next: StoredPosition = {
      ...current,
      onHand: absolute ? m.setTo! : current.onHand + m.delta,
      absoluteAt: absolute ? m.at : current.absoluteAt,
      asOf: Math.max(current.asOf, m.at),
      source: m.source,
    };
    this.store(next);
    // an absolute figure (count) is recorded with the change it made
    const record: MovementRecord = {
      ...m, delta: absolute ? next.onHand - current.onHand : m.delta, quantity: 'ON_HAND', after: next.onHand, actor: m.actor ?? m.source,
      recordedAt: now, onHandAfter: next.onHand,
    };
    if (!absolute) delete record.setTo;
    this.appendHistory(m, record, [m.sourceDocument]);
    this.emit([{ sku: m.sku, locationId: m.locationId }]);
    return { outcome: 'APPLIED', position: publicPosition(next) };
  }

  async setIncoming(key: PositionKey, quantity: number, at: number, source: LedgerSource): Promise<void> {
    checkKey(key);
    checkQuantity('incoming', quantity, at);
    this.setFigure(key, 'incoming', quantity, at, source, source);
  }

  async setSafetyStock(key: PositionKey, quantity: number, at: number, actor?: string): Promise<void> {
    checkKey(key);
    checkQuantity('safetyStock', quantity, at);
    checkActor(actor);
    this.setFigure(key, 'safetyStock', quantity, at, null, actor ?? DEFAULT_ACTOR);
  }

  async setSupply(key: PositionKey, lines: readonly SupplyLine[], at: number): Promise<void> {
    checkKey(key);
    checkSupply(lines, at);
    const k = `${key.sku}\u0000${key.locationId}`;
    if (lines.length === 0) this.supply.delete(k);
    else this.supply.set(k, sortSupply(lines).map((l) => ({ document: l.document, expectedOn: l.expectedOn, quantity: l.quantity })));
    this.emit([{ sku: key.sku, locationId: key.locationId }]);
  }

  async getSupply(skus: readonly string[]): Promise<PositionSupply[][]> {
    return skus.map((sku) => {
      const locs = new Set<string>();
      for (const m of [this.supply, this.queues]) {
        for (const [k, v] of m) if (v.length > 0 && k.startsWith(`${sku}\u0000`)) locs.add(k.slice(sku.length + 1));
      }
      return [...locs].sort().map((locationId) => {
        const k = `${sku}\u0000${locationId}`;
        return { sku, locationId, lines: (this.supply.get(k) ?? []).map((l) => ({ ...l })), backorders: (this.queues.get(k) ?? []).map((b) => ({ ...b })) };
      });
    });
  }

  async fillBackorders(key: PositionKey, now: number): Promise<Reservation[]> {
    checkKey(key);
    checkTime('now', now);
    const k = `${key.sku}\u0000${key.locationId}`;
    const queue = this.queues.get(k) ?? [];
    const out: Reservation[] = [];
    while (queue.length > 0) {
      const stored = this.reservations.get(queue[0]!.id);
      const r = stored?.r;
      if (r && r.status === 'ACTIVE' && r.backorder) {
        const p = this.position(key.sku, key.locationId);
        if (p.onHand - p.reserved - p.safetyStock < r.quantity) break;
        this.store({ ...p, reserved: p.reserved + r.quantity });
        this.addHeld(k, r.channel, r.quantity);
        this.trail(key, this.line(r, 'RESERVATION', 'RESERVED', r.quantity, p.reserved + r.quantity, `fill:${r.id}`, now, 'system:backorders', ''), p.onHand, [r.reference]);
        stored.r = { ...r, backorder: false, updatedAt: now };
        out.push({ ...stored.r });
      }
      queue.shift();
    }
    if (queue.length === 0) this.queues.delete(k);
    if (out.length > 0) this.emit([{ ...key }]);
    return out;
  }

  async backorderPositions(now: number): Promise<PositionKey[]> {
    checkTime('now', now);
    return [...this.queues.keys()].map((k) => {
      const [sku, locationId] = k.split('\u0000');
      return { sku: sku!, locationId: locationId! };
    });
  }

  async history(key: PositionKey, first: number, cursor?: string | null): Promise<HistoryPage> {
    checkKey(key);
    const size = checkPageSize(first);
    const before = parseCursor(cursor);
    const lines = this.historyLines.get(`${key.sku}\u0000${key.locationId}`) ?? [];
    const start = before === null || lines.length === 0 ? 0 : Math.max(0, lines[0]!.seq - before + 1);
    const page = lines.slice(start, start + size);
    const more = start + size < lines.length && page.length > 0;
    return { movements: page.map((l) => ({ ...l.record, seq: l.seq })), nextCursor: more ? String(page[page.length - 1]!.seq) : null };
  }

  async documentTrail(document: string, first: number): Promise<MovementRecord[]> {
    checkDocument(document);
    const size = checkPageSize(first);
    const now = this.clock();
    const bySku = this.documents.get(document);
    if (!bySku) return [];
    const perSku: { sku: string; lines: MovementRecord[] }[] = [];
    for (const [sku, t] of bySku) {
      if (t.expiresAt <= now) bySku.delete(sku);
      else perSku.push({ sku, lines: t.lines.slice(0, size).map((l) => ({ ...l.record, seq: l.seq })) });
    }
    if (bySku.size === 0) this.documents.delete(document);
    return mergeDocumentTrails(perSku, size);
  }

  async shipTransfer(id: string, toLocationId: string, document: string, now: number, actor?: string): Promise<ReservationTransition> {
    checkKey({ sku: '-', locationId: toLocationId });
    checkDocument(document);
    checkActor(actor);
    return this.transition(id, now, 'CONSUMED', document, actor, toLocationId);
  }

  async receiveTransfer(r: TransferReceipt): Promise<ApplyResult> {
    checkReceipt(r);
    const now = this.clock();
    const mark = `${r.sku}\u0000LEDGER\u0000transfer:${r.eventId}`;
    const p = this.position(r.sku, r.locationId);
    const markedUntil = this.dedupe.get(mark);
    if (markedUntil !== undefined && markedUntil > now) return { outcome: 'DUPLICATE', position: publicPosition(p) };
    this.dedupe.set(mark, now + this.dedupeTtlMs);
    const inTransit = Math.max(0, (p.inTransit ?? 0) - r.shipped);
    const next: StoredPosition = { ...p, onHand: p.onHand + r.received, asOf: Math.max(p.asOf, r.now), source: 'LEDGER' };
    if (inTransit > 0) next.inTransit = inTransit;
    else delete next.inTransit;
    this.store(next);
    const base = { reason: 'TRANSFER_IN' as const, source: 'LEDGER' as const, sourceDocument: r.document, at: r.now, actor: r.actor ?? DEFAULT_ACTOR };
    this.trail(r, { ...base, quantity: 'IN_TRANSIT', delta: -r.shipped, after: inTransit, sourceEventId: `receive-transit:${r.document}:${r.locationId}` }, next.onHand, [r.document]);
    this.trail(r, { ...base, quantity: 'ON_HAND', delta: r.received, after: next.onHand, sourceEventId: `receive:${r.document}:${r.locationId}` }, next.onHand, [r.document]);
    this.emit([{ sku: r.sku, locationId: r.locationId }]);
    return { outcome: 'APPLIED', position: publicPosition(next) };
  }

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    checkReserve(req);
    const records = reservationsOf(req);
    req.issued?.(records);
    const used = new Map<string, number>();
    const promising = new Map<string, number>();
    const share = req.share ?? 1;
    const shortages: Extract<ReserveResult, { ok: false }>['shortages'] = [];
    req.lines.forEach((line, index) => {
      const p = this.positions.get(line.sku)?.get(line.locationId);
      const buffer = lineBuffer(req, line);
      const k = `${line.sku}\u0000${line.locationId}`;
      const taken = line.backorder ? promising : used;
      const available = line.backorder ? this.promisable(k) : p ? channelRoom(p, this.held.get(k)?.[req.channel] ?? 0, buffer, share) : 0;
      const left = Math.max(0, available - (taken.get(k) ?? 0));
      if (line.quantity > left) shortages.push({ index, sku: line.sku, locationId: line.locationId, requested: line.quantity, available: left });
      else taken.set(k, (taken.get(k) ?? 0) + line.quantity);
    });
    if (shortages.length > 0) return { ok: false, shortages };

    const reservations = records.map((r): Reservation => {
      const k = `${r.sku}\u0000${r.locationId}`;
      if (r.backorder) {
        const queue = this.queues.get(k) ?? this.queues.set(k, []).get(k)!;
        queue.push({ id: r.id, quantity: r.quantity });
        r.promisedOn = promisedOn(this.supply.get(k) ?? [], queue.reduce((n, b) => n + b.quantity, 0));
      } else {
        const p = this.position(r.sku, r.locationId);
        this.store({ ...p, reserved: p.reserved + r.quantity });
        this.addHeld(k, r.channel, r.quantity);
        this.trail(r, this.line(r, 'RESERVATION', 'RESERVED', r.quantity, p.reserved + r.quantity, `hold:${r.id}`, req.now, req.actor ?? DEFAULT_ACTOR, ''), p.onHand, [r.reference]);
      }
      this.reservations.set(r.id, { r: { ...r }, purgeAt: null });
      this.active.add(r.id);
      return r;
    });
    this.emit(distinctKeys(req.lines));
    return { ok: true, reservations };
  }

  async getReservations(ids: readonly string[]): Promise<(Reservation | null)[]> {
    const now = this.clock();
    return ids.map((id) => {
      const stored = this.reservations.get(id);
      if (!stored) return null;
      if (stored.purgeAt !== null && stored.purgeAt <= now) {
        this.reservations.delete(id);
        return null;
      }
      return { ...stored.r };
    });
  }

  async release(id: string, now: number, actor?: string): Promise<ReservationTransition> {
    checkActor(actor);
    return this.transition(id, now, 'RELEASED', undefined, actor);
  }

  async consume(id: string, now: number, sourceDocument: string, actor?: string): Promise<ReservationTransition> {
    checkActor(actor);
    return this.transition(id, now, 'CONSUMED', sourceDocument, actor);
  }

  async expireDue(now: number, limit: number = LEDGER_DEFAULTS.expireLimit): Promise<Reservation[]> {
    checkTime('now', now);
    checkTime('limit', limit);
    const due = [...this.active]
      .map((id) => this.reservations.get(id)!.r)
      .filter((r) => r.expiresAt <= now)
      .sort((a, b) => a.expiresAt - b.expiresAt)
      .slice(0, limit);
    const expired: Reservation[] = [];
    for (const r of due) {
      const t = this.transition(r.id, now, 'EXPIRED', undefined, 'system:expiry');
      if (t.ok) expired.push(t.reservation);
    }
    return expired;
  }

  onChange(listener: (keys: PositionKey[]) => void): () => void {
    const own = (keys: PositionKey[]) => listener(keys);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  async changesReady(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.clear();
  }

  /** `to`: a transfer's hold ships there (consumed here, in transit there). */
  private transition(id: string, now: number, status: ReservationStatus, sourceDocument?: string, actor = DEFAULT_ACTOR, to?: string): ReservationTransition {
    checkTime('now', now);
    const stored = parseReservationId(id) ? this.reservations.get(id) : undefined;
    if (!stored) return { ok: false, reservation: null };
    const r = stored.r;
    if (r.status !== 'ACTIVE' || (status === 'EXPIRED' && r.expiresAt > now)) return { ok: false, reservation: { ...r } };
    if (r.backorder) return this.endBackorder(stored, status, now);
    const p = this.position(r.sku, r.locationId);
    const next: StoredPosition = { ...p, reserved: Math.max(0, p.reserved - r.quantity) };
    this.addHeld(`${r.sku}\u0000${r.locationId}`, r.channel, -r.quantity);
    if (status === 'CONSUMED') {
      next.onHand = p.onHand - r.quantity;
      next.asOf = Math.max(p.asOf, now);
      next.source = 'LEDGER';
    }
    this.store(next);
    const mode = to ? 'SHIP' : status;
    const reason = TRANSITION_REASON[mode];
    const docs = [r.reference, sourceDocument];
    this.trail(r, this.line(r, reason, 'RESERVED', -r.quantity, next.reserved, `${mode.toLowerCase()}:${r.id}`, now, actor, sourceDocument), next.onHand, docs);
    if (status === 'CONSUMED') {
      this.trail(r, this.line(r, reason, 'ON_HAND', -r.quantity, next.onHand, `${to ? 'ship' : 'consume'}:${r.id}`, now, actor, sourceDocument), next.onHand, docs);
    }
    if (to) {
      const d = this.position(r.sku, to);
      const inTransit = (d.inTransit ?? 0) + r.quantity;
      this.store({ ...d, inTransit, asOf: Math.max(d.asOf, now) });
      this.trail({ sku: r.sku, locationId: to }, this.line(r, reason, 'IN_TRANSIT', r.quantity, inTransit, `ship:${r.id}`, now, actor, sourceDocument), d.onHand, docs);
    }
    stored.r = { ...r, status, updatedAt: now };
    stored.purgeAt = this.clock() + this.retentionMs;
    this.active.delete(id);
    this.emit(to ? [{ sku: r.sku, locationId: r.locationId }, { sku: r.sku, locationId: to }] : [{ sku: r.sku, locationId: r.locationId }]);
    return { ok: true, reservation: { ...stored.r } };
  }

  /** A trail line of a hold's change (the Redis scripts build the same). */
  private line(r: Reservation, reason: MovementReason, quantity: StockQuantity, delta: number, after: number, eventId: string, at: number, actor: string, doc: string | undefined): Omit<MovementRecord, 'sku' | 'locationId' | 'recordedAt' | 'onHandAfter'> {
    const m: Omit<MovementRecord, 'sku' | 'locationId' | 'recordedAt' | 'onHandAfter'> = { reason, quantity, delta, after, source: 'LEDGER', sourceEventId: eventId, at, actor };
    const document = doc || r.reference;
    if (document) m.sourceDocument = document;
    return m;
  }

  /** Appends one line to a position's trail, and to each document's it names. */
  private trail(key: PositionKey, line: Omit<MovementRecord, 'sku' | 'locationId' | 'recordedAt' | 'onHandAfter'>, onHandAfter: number, docs: readonly (string | null | undefined)[]): void {
    const record: MovementRecord = { sku: key.sku, locationId: key.locationId, ...line, recordedAt: this.clock(), onHandAfter };
    this.appendHistory(record, record, docs);
  }

  /** A backorder still waiting leaves its queue; it is never consumed (its stock has not arrived). */
  private endBackorder(stored: StoredReservation, status: ReservationStatus, now: number): ReservationTransition {
    const r = stored.r;
    if (status === 'CONSUMED') return { ok: false, reservation: { ...r } };
    const k = `${r.sku}\u0000${r.locationId}`;
    const queue = (this.queues.get(k) ?? []).filter((b) => b.id !== r.id);
    if (queue.length > 0) this.queues.set(k, queue);
    else this.queues.delete(k);
    stored.r = { ...r, status, updatedAt: now };
    stored.purgeAt = this.clock() + this.retentionMs;
    this.active.delete(r.id);
    this.emit([{ sku: r.sku, locationId: r.locationId }]);
    return { ok: true, reservation: { ...stored.r } };
  }

  private promisable(k: string): number {
    const supply = (this.supply.get(k) ?? []).reduce((n, l) => n + l.quantity, 0);
    const promised = (this.queues.get(k) ?? []).reduce((n, b) => n + b.quantity, 0);
    return Math.max(0, supply - promised);
  }

  private addHeld(k: string, channel: Channel, units: number): void {
    const h = this.held.get(k) ?? this.held.set(k, {}).get(k)!;
    const n = (h[channel] ?? 0) + units;
    if (n > 0) h[channel] = n;
    else delete h[channel];
  }

  private withHeld(p: Position): Position {
    const h = this.held.get(`${p.sku}\u0000${p.locationId}`);
    return h && Object.keys(h).length > 0 ? { ...p, held: { ...h } } : p;
  }

  private setFigure(key: PositionKey, field: 'incoming' | 'safetyStock', quantity: number, at: number, source: LedgerSource | null, actor: string): void {
    const p = this.position(key.sku, key.locationId);
    const next: StoredPosition = { ...p, [field]: quantity, asOf: Math.max(p.asOf, at), source: source ?? p.source };
    if (samePosition(p, next) && this.positions.get(key.sku)?.has(key.locationId)) return;
    this.store(next);
    if (p[field] !== quantity) {
      const what = field === 'safetyStock' ? 'SAFETY_STOCK' : 'INCOMING';
      this.trail(key, { reason: what, quantity: what, delta: quantity - p[field], after: quantity, source: source ?? 'LEDGER', sourceEventId: `${what.toLowerCase()}:${at}`, at, actor }, p.onHand, []);
    }
    this.emit([{ sku: key.sku, locationId: key.locationId }]);
  }

  private appendHistory(m: PositionKey, record: MovementRecord, docs: readonly (string | null | undefined)[]): void {
    const k = `${m.sku}\u0000${m.locationId}`;
    const lines = this.historyLines.get(k) ?? [];
    const line = { seq: (lines[0]?.seq ?? 0) + 1, record };
    lines.unshift(line);
    if (lines.length > this.historyCap) lines.length = this.historyCap;
    this.historyLines.set(k, lines);
    const expiresAt = this.clock() + this.auditRetentionMs;
    for (const d of new Set(docs)) {
      if (!d) continue;
      const bySku = this.documents.get(d) ?? this.documents.set(d, new Map()).get(d)!;
      const t = bySku.get(m.sku);
      const kept = t && t.expiresAt > this.clock() ? t.lines : [];
      kept.unshift(line);
      if (kept.length > this.documentTrailCap) kept.length = this.documentTrailCap;
      bySku.set(m.sku, { lines: kept, expiresAt });
    }
  }

  private position(sku: string, locationId: string): StoredPosition {
    return this.positions.get(sku)?.get(locationId) ?? emptyPosition(sku, locationId);
  }

  private store(p: StoredPosition): void {
    let bySku = this.positions.get(p.sku);
    if (!bySku) this.positions.set(p.sku, (bySku = new Map()));
    bySku.set(p.locationId, p);
  }

  private sweepDedupe(now: number): void {
    for (const [k, until] of this.dedupe) if (until <= now) this.dedupe.delete(k);
  }

  private emit(keys: PositionKey[]): void {
    if (keys.length === 0) return;
    for (const l of [...this.listeners]) {
      try {
        l(keys.map((k) => ({ ...k })));
      } catch {
        // a listener's failure must not undo or block a committed write
      }
    }
  }
}

function samePosition(a: StoredPosition, b: StoredPosition): boolean {
  return a.inTransit === b.inTransit && a.incoming === b.incoming && a.safetyStock === b.safetyStock && a.asOf === b.asOf && a.source === b.source;
}

function distinctKeys(lines: readonly PositionKey[]): PositionKey[] {
  const seen = new Map<string, PositionKey>();
  for (const l of lines) seen.set(`${l.sku}\u0000${l.locationId}`, { sku: l.sku, locationId: l.locationId });
  return [...seen.values()];
}

/** The date of the supply line the `upto`-th promised unit falls in (lines soonest first); null past the end. */
function promisedOn(lines: readonly SupplyLine[], upto: number): string | null {
  let cum = 0;
  for (const l of lines) {
    cum += l.quantity;
    if (cum >= upto) return l.expectedOn;
  }
  return null;
}
