import { channelRoom, type Channel, type Position } from '../domain';
import type {
  ApplyOutcome, ApplyResult, HistoryPage, LedgerSource, Movement, MovementRecord, PositionKey, PositionSupply, Reservation,
  ReservationStatus, ReservationTransition, ReserveRequest, ReserveResult, SnapshotEntry, StockLedger, SupplyLine,
} from './StockLedger';
import { sortSupply } from './allocateSupply';
import { parseReservationId } from './keys';
import { emptyPosition, publicPosition, type StoredPosition } from './positionCodec';
import {
  LEDGER_DEFAULTS, checkKey, checkMovement, checkPageSize, checkQuantity, checkReserve, checkSnapshotEntry,
  checkSupply, checkTime, lineBuffer, parseCursor, reservationsOf, resolveLedgerOptions, type LedgerOptions,
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
  /** `<sku>\0<location>` → units held per channel */
  private readonly held = new Map<string, Partial<Record<Channel, number>>>();
  /** `<sku>\0<location>` → open supply, soonest first */
  private readonly supply = new Map<string, SupplyLine[]>();
  /** `<sku>\0<location>` → waiting backorders, first come first */
  private readonly queues = new Map<string, { id: string; quantity: number }[]>();
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

/** The date of the supply line the `upto`-th promised unit falls in (lines soonest first); null past the end. */
function promisedOn(lines: readonly SupplyLine[], upto: number): string | null {
  let cum = 0;
  for (const l of lines) {
    cum += l.quantity;
    if (cum >= upto) return l.expectedOn;
  }
  return null;
}
