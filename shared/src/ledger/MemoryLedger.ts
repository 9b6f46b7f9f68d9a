import type { Position } from '../domain';
import type {
  ApplyOutcome, ApplyResult, HistoryPage, LedgerSource, Movement, MovementRecord, PositionKey, Reservation,
  ReservationStatus, ReservationTransition, ReserveRequest, ReserveResult, SnapshotEntry, StockLedger,
} from './StockLedger';
import { parseReservationId } from './keys';
import { emptyPosition, publicPosition, type StoredPosition } from './positionCodec';
import {
  LEDGER_DEFAULTS, checkKey, checkMovement, checkPageSize, checkQuantity, checkReserve, checkSnapshotEntry,
  checkTime, lineBuffer, parseCursor, reservationsOf, resolveLedgerOptions, type LedgerOptions,
} from './ledgerInput';

interface HistoryLine { seq: number; record: MovementRecord }
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
  private readonly dedupeTtlMs: number;
  private readonly historyCap: number;
  private readonly retentionMs: number;
  private readonly clock: () => number;
  private dedupeWrites = 0;

  constructor(opts: LedgerOptions = {}) {
    const o = resolveLedgerOptions(opts);
    this.dedupeTtlMs = o.dedupeTtlMs;
    this.historyCap = o.historyCap;
    this.retentionMs = o.reservationRetentionMs;
    this.clock = o.clock;
  }

  async getPositions(keys: readonly PositionKey[]): Promise<(Position | null)[]> {
    return keys.map((k) => {
      const p = this.positions.get(k.sku)?.get(k.locationId);
      return p ? publicPosition(p) : null;
    });
  }

  async getPositionsForSkus(skus: readonly string[]): Promise<Position[][]> {
    return skus.map((sku) =>
      [...(this.positions.get(sku)?.values() ?? [])]
        .map(publicPosition)
        .sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0)),
    );
  }

  async loadSnapshot(entries: readonly SnapshotEntry[]): Promise<ApplyOutcome[]> {
    entries.forEach(checkSnapshotEntry);
    const changed: PositionKey[] = [];
    const outcomes = entries.map((e): ApplyOutcome => {
      const p = this.position(e.sku, e.locationId);
      if (e.at < p.absoluteAt) return 'STALE';
      this.store({ ...p, onHand: e.onHand, absoluteAt: e.at, asOf: Math.max(p.asOf, e.at), source: e.source });
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
    const record: MovementRecord = { ...m, delta: absolute ? next.onHand - current.onHand : m.delta, recordedAt: now, onHandAfter: next.onHand };
    if (!absolute) delete record.setTo;
    this.appendHistory(m, record);
    this.emit([{ sku: m.sku, locationId: m.locationId }]);
    return { outcome: 'APPLIED', position: publicPosition(next) };
  }

  async setIncoming(key: PositionKey, quantity: number, at: number, source: LedgerSource): Promise<void> {
    checkKey(key);
    checkQuantity('incoming', quantity, at);
    this.setFigure(key, { incoming: quantity }, at, source);
  }

  async setSafetyStock(key: PositionKey, quantity: number, at: number): Promise<void> {
    checkKey(key);
    checkQuantity('safetyStock', quantity, at);
    this.setFigure(key, { safetyStock: quantity }, at, null);
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

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    checkReserve(req);
    const records = reservationsOf(req);
    req.issued?.(records);
    const used = new Map<string, number>();
    const shortages: Extract<ReserveResult, { ok: false }>['shortages'] = [];
    req.lines.forEach((line, index) => {
      const p = this.positions.get(line.sku)?.get(line.locationId);
      const buffer = lineBuffer(req, line);
      const k = `${line.sku}\u0000${line.locationId}`;
      const available = p ? Math.max(0, p.onHand - p.reserved - p.safetyStock - buffer) : 0;
      const left = Math.max(0, available - (used.get(k) ?? 0));
      if (line.quantity > left) shortages.push({ index, sku: line.sku, locationId: line.locationId, requested: line.quantity, available: left });
      else used.set(k, (used.get(k) ?? 0) + line.quantity);
    });
    if (shortages.length > 0) return { ok: false, shortages };

    const reservations = records.map((r): Reservation => {
      const p = this.position(r.sku, r.locationId);
      this.store({ ...p, reserved: p.reserved + r.quantity });
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

  async release(id: string, now: number): Promise<ReservationTransition> {
    return this.transition(id, now, 'RELEASED');
  }

  async consume(id: string, now: number, sourceDocument: string): Promise<ReservationTransition> {
    return this.transition(id, now, 'CONSUMED', sourceDocument);
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
      const t = this.transition(r.id, now, 'EXPIRED');
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

  private transition(id: string, now: number, status: ReservationStatus, sourceDocument?: string): ReservationTransition {
    checkTime('now', now);
    const stored = parseReservationId(id) ? this.reservations.get(id) : undefined;
    if (!stored) return { ok: false, reservation: null };
    const r = stored.r;
    if (r.status !== 'ACTIVE' || (status === 'EXPIRED' && r.expiresAt > now)) return { ok: false, reservation: { ...r } };
    const p = this.position(r.sku, r.locationId);
    const next: StoredPosition = { ...p, reserved: Math.max(0, p.reserved - r.quantity) };
    if (status === 'CONSUMED') {
      next.onHand = p.onHand - r.quantity;
      next.asOf = Math.max(p.asOf, now);
      next.source = 'LEDGER';
    }
    this.store(next);
    if (status === 'CONSUMED') {
      const m: Movement = {
        sku: r.sku, locationId: r.locationId, reason: 'FULFILLMENT', delta: -r.quantity, source: 'LEDGER',
        sourceEventId: `consume:${r.id}`, sourceDocument: sourceDocument || undefined, at: now,
      };
      this.appendHistory(m, { ...m, recordedAt: this.clock(), onHandAfter: next.onHand });
    }
    stored.r = { ...r, status, updatedAt: now };
    stored.purgeAt = this.clock() + this.retentionMs;
    this.active.delete(id);
    this.emit([{ sku: r.sku, locationId: r.locationId }]);
    return { ok: true, reservation: { ...stored.r } };
  }

  private setFigure(key: PositionKey, change: Partial<StoredPosition>, at: number, source: LedgerSource | null): void {
    const p = this.position(key.sku, key.locationId);
    const next: StoredPosition = { ...p, ...change, asOf: Math.max(p.asOf, at), source: source ?? p.source };
    if (samePosition(p, next) && this.positions.get(key.sku)?.has(key.locationId)) return;
    this.store(next);
    this.emit([{ sku: key.sku, locationId: key.locationId }]);
  }

  private appendHistory(m: Movement, record: MovementRecord): void {
    const k = `${m.sku}\u0000${m.locationId}`;
    const lines = this.historyLines.get(k) ?? [];
    lines.unshift({ seq: (lines[0]?.seq ?? 0) + 1, record });
    if (lines.length > this.historyCap) lines.length = this.historyCap;
    this.historyLines.set(k, lines);
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
  return a.incoming === b.incoming && a.safetyStock === b.safetyStock && a.asOf === b.asOf && a.source === b.source;
}

function distinctKeys(lines: readonly PositionKey[]): PositionKey[] {
  const seen = new Map<string, PositionKey>();
  for (const l of lines) seen.set(`${l.sku}\u0000${l.locationId}`, { sku: l.sku, locationId: l.locationId });
  return [...seen.values()];
}
