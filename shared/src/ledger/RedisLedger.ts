import type { Position } from '../domain';
import { createLogger, type Logger } from '../logger';
import { ChannelSubscriber, subscribeAll } from '../redis/ChannelSubscriber';
import { duplicateForSubscribe } from '../redis/connect';
import { defineScripts } from '../redis/defineScripts';
import { roundTripAcked, type ReplicaAck } from '../redis/replicaAck';
import { roundTrip, roundTripInOrder, type Cmd, type RedisClient } from '../redis/roundTrip';
import type { Channel } from '../domain';
import type {
  ApplyOutcome, ApplyResult, HistoryPage, LedgerSource, Movement, PositionKey, PositionSupply, Reservation,
  MovementRecord, ReservationTransition, ReserveRequest, ReserveResult, SnapshotEntry, StockLedger, SupplyLine, TransferReceipt,
} from './StockLedger';
import { sortSupply } from './allocateSupply';
import { mergeDocumentTrails, parseDocumentLine, parseHistoryLine } from './historyLine';
import { ANY_POSITION } from './StockLedger';
import { ledgerKeys, parseChangeMessage, parseReservationId, type LedgerKeys } from './keys';
import {
  LEDGER_DEFAULTS, checkActor, checkDocument, checkKey, checkMovement, checkReceipt, checkPageSize, checkQuantity, checkReserve, checkSnapshotEntry,
  checkSupply, checkTime, lineBuffer, parseCursor, reservationsOf, resolveLedgerOptions, type LedgerOptions,
} from './ledgerInput';
import { PackedPositionsBuilder, type PackedPositions } from './PackedPositions';
import { emptyPosition, publicPosition, sourceCode, unpackPosition, unpackPositionInto, unpackPublicPosition } from './positionCodec';
import { LEDGER_SCRIPTS } from './redisScripts';

export interface RedisLedgerOptions extends LedgerOptions {
  redis: RedisClient;
  /** shared pub/sub connection; without one the ledger opens (and closes) its own on first onChange */
  subscriber?: ChannelSubscriber;
  /** key prefix, no braces; default 'sg:' */
  prefix?: string;
  logger?: Logger;
  /** answer a stock write only once this many replicas have it (WAIT); default none (asynchronous replication) */
  replicaAck?: ReplicaAck;
}

/** Per-SKU script calls per round trip when loading snapshots, and entries per call. */
const SNAPSHOT_CALLS_PER_TRIP = 100;
const SNAPSHOT_ENTRIES_PER_CALL = 500;

/** how long an index entry of an empty backorder queue stays, for a hold that listed it and is about to queue */
const INDEX_GRACE_MS = 60_000;

type Shortage = Extract<ReserveResult, { ok: false }>['shortages'][number];
type TransitionMode = 'RELEASED' | 'EXPIRED' | 'CONSUMED' | 'UNHOLD' | 'SHIP';

/** who the trail names when a caller names no one */
const DEFAULT_ACTOR = 'system';

/**
 * The production ledger: positions packed in one hash per SKU, every write one Lua script on the
 * SKU's slot (see keys.ts for the layout, redisScripts.ts for the scripts). Closing it releases
 * what it opened; the caller closes the client it passed in.
 */
export class RedisLedger implements StockLedger {
  readonly keys: LedgerKeys;
  private readonly redis: RedisClient;
  private readonly dedupeTtlMs: number;
  private readonly historyCap: number;
  private readonly retentionMs: number;
  private readonly auditRetentionMs: number;
  private readonly documentTrailCap: number;
  private readonly clock: () => number;
  private readonly log: Logger;
  private readonly listeners = new Set<(keys: PositionKey[]) => void>();
  private subscriber: ChannelSubscriber | null;
  private readonly ownsSubscriber: boolean;
  private subscription: Promise<() => Promise<void>> | null = null;
  private readonly replicaAck: ReplicaAck | null;

  constructor(opts: RedisLedgerOptions) {
    this.redis = opts.redis;
    this.keys = ledgerKeys(opts.prefix, this.redis.isCluster);
    const o = resolveLedgerOptions(opts);
    this.dedupeTtlMs = o.dedupeTtlMs;
    this.historyCap = o.historyCap;
    this.retentionMs = o.reservationRetentionMs;
    this.auditRetentionMs = o.auditRetentionMs;
    this.documentTrailCap = o.documentTrailCap;
    this.clock = o.clock;
    this.log = opts.logger ?? createLogger('ledger');
    this.subscriber = opts.subscriber ?? null;
    this.ownsSubscriber = !opts.subscriber;
    this.replicaAck = opts.replicaAck && opts.replicaAck.replicas > 0 ? opts.replicaAck : null;
    // defining again is cheap and keeps a client shared by several ledgers on the current scripts
    defineScripts(this.redis, LEDGER_SCRIPTS);
  }

  async getPositions(keys: readonly PositionKey[]): Promise<(Position | null)[]> {
    keys.forEach(checkKey);
    const bySku = new Map<string, number[]>();
    keys.forEach((k, i) => (bySku.get(k.sku) ?? bySku.set(k.sku, []).get(k.sku)!).push(i));
    const groups = [...bySku.entries()];
    const replies = await roundTrip(this.redis, groups.flatMap(([sku, idx]): Cmd[] => [
      ['hmget', this.keys.positions(sku), ...idx.map((i) => keys[i]!.locationId)], ['call', 'HGETALL', this.keys.held(sku)],
    ]));
    const out: (Position | null)[] = keys.map(() => null);
    groups.forEach(([sku, idx], g) => {
      const values = replies[2 * g] as (string | null)[];
      const held = heldOf(replies[2 * g + 1] as string[]);
      idx.forEach((i, j) => {
        const v = values[j];
        if (v) out[i] = withHeld(unpackPublicPosition(sku, keys[i]!.locationId, v), held);
      });
    });
    return out;
  }

  async getPositionsForSkus(skus: readonly string[]): Promise<Position[][]> {
    const replies = await this.readSkus(skus);
    return skus.map((sku, i) => {
      const held = heldOf(replies[2 * i + 1] as string[]);
      return positionsOf(sku, replies[2 * i] as string[]).map((p) => withHeld(p, held));
    });
  }

  async getPackedPositionsForSkus(skus: readonly string[]): Promise<PackedPositions[]> {
    const replies = await this.readSkus(skus);
    return skus.map((sku, i) => packedPositionsOf(sku, replies[2 * i] as string[], replies[2 * i + 1] as string[]));
  }

  /** each SKU's positions hash and holds hash, as HGETALL's flat field/value arrays, in one round trip */
  private readSkus(skus: readonly string[]): Promise<unknown[]> {
    skus.forEach((sku) => checkKey({ sku, locationId: '-' }));
    // HGETALL by its upper-case name: ioredis turns a lower-case `hgetall` reply into an object
    // (a dictionary of 200 keys per SKU, then sorted keys), which a routing read paid for in
    // allocation; the flat field/value array is read in place (the ledger contract tests read it).
    return roundTrip(this.redis, skus.flatMap((sku): Cmd[] => [['call', 'HGETALL', this.keys.positions(sku)], ['call', 'HGETALL', this.keys.held(sku)]]));
  }

  async loadSnapshot(entries: readonly SnapshotEntry[]): Promise<ApplyOutcome[]> {
    entries.forEach(checkSnapshotEntry);
    const calls: { sku: string; idx: number[] }[] = [];
    const open = new Map<string, { sku: string; idx: number[] }>();
    entries.forEach((e, i) => {
      let call = open.get(e.sku);
      if (!call || call.idx.length >= SNAPSHOT_ENTRIES_PER_CALL) {
        call = { sku: e.sku, idx: [] };
        open.set(e.sku, call);
        calls.push(call);
      }
      call.idx.push(i);
    });
    const outcomes: ApplyOutcome[] = entries.map(() => 'STALE');
    for (let start = 0; start < calls.length; start += SNAPSHOT_CALLS_PER_TRIP) {
      const batch = calls.slice(start, start + SNAPSHOT_CALLS_PER_TRIP);
      const replies = await roundTrip(this.redis, batch.map(({ sku, idx }): Cmd => [
        'sgLedgerSnapshot', this.keys.positions(sku), this.keys.changeChannel(sku), sku, this.keys.tag(sku), this.historyCap, this.clock(),
        ...idx.flatMap((i) => [entries[i]!.locationId, entries[i]!.onHand, entries[i]!.at, sourceCode(entries[i]!.source)]),
      ]));
      batch.forEach(({ idx }, c) => {
        const flags = replies[c] as number[];
        idx.forEach((i, j) => (outcomes[i] = flags[j] === 1 ? 'APPLIED' : 'STALE'));
      });
    }
    return outcomes;
  }

  async applyMovement(m: Movement): Promise<ApplyResult> {
    checkMovement(m);
    const absolute = m.setTo !== undefined;
    const json = JSON.stringify({
      reason: m.reason, delta: m.delta, setTo: m.setTo, source: m.source, sourceEventId: m.sourceEventId,
      sourceDocument: m.sourceDocument, at: m.at, actor: m.actor ?? m.source,
    });
    const [reply] = await this.writeAfter(this.indexDocuments(m.sku, [m.sourceDocument]), [[
      'sgLedgerApply', this.keys.positions(m.sku), this.keys.history(m.sku, m.locationId), this.keys.dedupe(m.sku, m.source, m.sourceEventId),
      m.locationId, absolute ? m.setTo! : '', m.delta, sourceCode(m.source), m.at, this.dedupeTtlMs, '', '',
      json, this.keys.changeChannel(m.sku), m.sku, ...this.auditArgs(m.sku, m.actor ?? m.source),
    ]]);
    const [outcome, packed] = reply as [ApplyOutcome, string | null];
    const stored = packed ? unpackPosition(m.sku, m.locationId, packed) : emptyPosition(m.sku, m.locationId);
    return { outcome, position: publicPosition(stored) };
  }

  async receiveTransfer(r: TransferReceipt): Promise<ApplyResult> {
    checkReceipt(r);
    const [, [reply]] = await roundTripInOrder(this.redis, this.indexDocuments(r.sku, [r.document]), [[
      'sgLedgerReceiveTransfer', this.keys.positions(r.sku), this.keys.dedupe(r.sku, 'LEDGER', `transfer:${r.eventId}`),
      r.locationId, r.shipped, r.received, r.now, this.dedupeTtlMs, this.keys.changeChannel(r.sku), r.sku, r.document,
      ...this.auditArgs(r.sku, r.actor ?? DEFAULT_ACTOR),
    ]]);
    const [outcome, packed] = reply as [ApplyOutcome, string];
    return { outcome, position: publicPosition(unpackPosition(r.sku, r.locationId, packed)) };
  }

  async shipTransfer(id: string, toLocationId: string, document: string, now: number, actor?: string): Promise<ReservationTransition> {
    checkKey({ sku: '-', locationId: toLocationId });
    checkDocument(document);
    checkActor(actor);
    const key = parseReservationId(id);
    if (key) await roundTrip(this.redis, this.indexDocuments(key.sku, [document]));
    return this.transitionOne(id, now, 'SHIP', document, actor, toLocationId);
  }

  async documentTrail(document: string, first: number): Promise<MovementRecord[]> {
    checkDocument(document);
    const size = checkPageSize(first);
    if (size === 0) return [];
    const skus = (await roundTrip(this.redis, [['smembers', this.keys.documentSkus(document)]]))[0] as string[];
    if (skus.length === 0) return [];
    const lists = await roundTrip(this.redis, skus.map((sku): Cmd => ['lrange', this.keys.documentTrail(sku, document), 0, size - 1]));
    return mergeDocumentTrails(skus.map((sku, i) => ({ sku, lines: (lists[i] as string[]).map((line) => parseDocumentLine(sku, line)) })), size);
  }

  async setIncoming(key: PositionKey, quantity: number, at: number, source: LedgerSource): Promise<void> {
    checkKey(key);
    checkQuantity('incoming', quantity, at);
    await this.setFigure(key, 'incoming', quantity, at, sourceCode(source), source, source);
  }

  async setSafetyStock(key: PositionKey, quantity: number, at: number, actor?: string): Promise<void> {
    checkKey(key);
    checkQuantity('safetyStock', quantity, at);
    checkActor(actor);
    await this.setFigure(key, 'safety', quantity, at, '', 'LEDGER', actor ?? DEFAULT_ACTOR);
  }

  async setSupply(key: PositionKey, lines: readonly SupplyLine[], at: number): Promise<void> {
    checkKey(key);
    checkSupply(lines, at);
    const json = lines.length === 0 ? '' : JSON.stringify(sortSupply(lines).map((l) => [l.document, l.expectedOn, l.quantity]));
    await this.write([['sgLedgerSetSupply', this.keys.supply(key.sku), key.locationId, json, this.keys.changeChannel(key.sku), key.sku]]);
  }

  async getSupply(skus: readonly string[]): Promise<PositionSupply[][]> {
    skus.forEach((sku) => checkKey({ sku, locationId: '-' }));
    const firsts = await roundTrip(this.redis, skus.flatMap((sku): Cmd[] => [['call', 'HGETALL', this.keys.supply(sku)], ['smembers', this.keys.backorderLocations(sku)]]));
    const sup = skus.map((_, i) => firsts[2 * i]);
    // a position with backorders and no supply left still lists them: the queues are read by their own index
    const queued = skus.flatMap((sku, i) => (firsts[2 * i + 1] as string[]).map((loc) => [sku, loc] as [string, string]));
    const queues = queued.length === 0 ? [] : await roundTrip(this.redis, queued.map(([sku, loc]): Cmd => ['lrange', this.keys.backorderQueue(sku, loc), 0, -1]));
    return skus.map((sku, i) => {
      const byLoc = new Map<string, PositionSupply>();
      const at = (loc: string) => byLoc.get(loc) ?? byLoc.set(loc, { sku, locationId: loc, lines: [], backorders: [] }).get(loc)!;
      const flat = sup[i] as string[];
      for (let k = 0; k < flat.length; k += 2) {
        at(flat[k]!).lines = (JSON.parse(flat[k + 1]!) as [string, string, number][]).map(([document, expectedOn, quantity]) => ({ document, expectedOn, quantity }));
      }
      queued.forEach(([s, loc], q) => {
        if (s !== sku) return;
        const list = (queues[q] as string[]).map((e) => { const cut = e.lastIndexOf('|'); return { id: e.slice(0, cut), quantity: Number(e.slice(cut + 1)) }; });
        if (list.length > 0) at(loc).backorders = list;
      });
      return [...byLoc.values()].sort((a, b) => (a.locationId < b.locationId ? -1 : 1));
    });
  }

  async fillBackorders(key: PositionKey, now: number): Promise<Reservation[]> {
    checkKey(key);
    checkTime('now', now);
    const [filled] = await this.write([
      ['sgLedgerFillBackorders', this.keys.positions(key.sku), this.keys.held(key.sku), this.keys.backorderQueue(key.sku, key.locationId), key.locationId, now, this.keys.tag(key.sku), this.keys.changeChannel(key.sku), key.sku,
        ...this.auditArgs(key.sku, 'system:backorders')],
    ]);
    return (filled as string[]).map((r) => JSON.parse(r) as Reservation);
  }

  async backorderPositions(now: number): Promise<PositionKey[]> {
    checkTime('now', now);
    const flat = (await roundTrip(this.redis, [['zrange', this.keys.backorderIndex, 0, -1, 'WITHSCORES']]))[0] as string[];
    const entries: { key: PositionKey; member: string; at: number }[] = [];
    for (let k = 0; k < flat.length; k += 2) {
      const [sku, locationId] = flat[k]!.split('\u0000');
      entries.push({ key: { sku: sku!, locationId: locationId! }, member: flat[k]!, at: Number(flat[k + 1]) });
    }
    const lengths = await roundTrip(this.redis, entries.map((e): Cmd => ['llen', this.keys.backorderQueue(e.key.sku, e.key.locationId)]));
    // An empty queue leaves the index once its last hold is long done: a hold lists its position
    // (with the time) before its script queues, so a fresh entry may be about to fill.
    const gone = entries.filter((e, i) => lengths[i] === 0 && e.at < now - INDEX_GRACE_MS).map((e) => e.member);
    if (gone.length > 0) await roundTrip(this.redis, [['zrem', this.keys.backorderIndex, ...gone]]);
    return entries.filter((_, i) => (lengths[i] as number) > 0).map((e) => e.key);
  }

  async history(key: PositionKey, first: number, cursor?: string | null): Promise<HistoryPage> {
    checkKey(key);
    const size = checkPageSize(first);
    const before = parseCursor(cursor);
    if (size === 0) return { movements: [], nextCursor: null };
    const [reply] = await roundTrip(this.redis, [['sgLedgerHistory', this.keys.history(key.sku, key.locationId), before ?? '', size + 1]]);
    const lines = (reply as string[]).map((line) => parseHistoryLine(key, line));
    const page = lines.slice(0, size);
    return { movements: page.map((l) => ({ ...l.record, seq: l.seq })), nextCursor: lines.length > size ? String(page[page.length - 1]!.seq) : null };
  }

  async reserve(req: ReserveRequest): Promise<ReserveResult> {
    checkReserve(req);
    const buffers = req.lines.map((line) => lineBuffer(req, line));
    const records = reservationsOf(req);
    const bySku = new Map<string, number[]>();
    req.lines.forEach((l, i) => (bySku.get(l.sku) ?? bySku.set(l.sku, []).get(l.sku)!).push(i));
    const groups = [...bySku.entries()];
    // Indexed before held (in the same write on one node): a crash after the hold still leaves
    // it findable by expireDue. Either failing undoes whatever was held.
    // positions that may get a waiting backorder are listed for the fill sweep first (an entry too many is harmless)
    const queued = [...new Set(req.lines.filter((l) => l.backorder).map((l) => `${l.sku}\u0000${l.locationId}`))];
    const before: Cmd[] = [['zadd', this.keys.expiryIndex, ...records.flatMap((r) => [r.expiresAt, r.id])]];
    if (req.reference) for (const [sku] of groups) before.push(...this.indexDocuments(sku, [req.reference]));
    if (queued.length > 0) before.push(['zadd', this.keys.backorderIndex, ...queued.flatMap((m) => [req.now, m])]);
    const holds = groups.map(([sku, idx]): Cmd => [
      'sgLedgerReserve', 3 + idx.length, this.keys.positions(sku), this.keys.held(sku), this.keys.supply(sku), ...idx.map((i) => this.keys.reservation(sku, records[i]!.id)),
      this.keys.changeChannel(sku), sku, req.channel, req.share ?? 1, this.keys.tag(sku), this.historyCap, this.clock(),
      this.documentTrailCap, this.auditRetentionMs, req.actor ?? DEFAULT_ACTOR, req.reference ?? '',
      ...idx.flatMap((i) => [req.lines[i]!.locationId, req.lines[i]!.quantity, buffers[i]!, req.lines[i]!.backorder ? '1' : '', JSON.stringify(records[i])]),
    ]);
    const ack = this.replicaAck;
    const sent = ack
      ? roundTrip(this.redis, before).then(async (a) => [a, await roundTripAcked(this.redis, holds, ack)] as [unknown[], unknown[]])
      : roundTripInOrder(this.redis, before, holds);
    let replies: unknown[];
    try {
      req.issued?.(records);
      [, replies] = await sent;
    } catch (err) {
      await sent.catch(() => undefined);
      await this.rollback(records, records, req.now).catch((e) => this.log.error({ err: e }, 'rollback of a failed hold failed; it will expire'));
      throw err;
    }
    const shortages: Shortage[] = [];
    groups.forEach(([, idx], g) => {
      const flat = replies[g] as (number | string)[];
      if (flat[0] === 0) {
        idx.forEach((i, j) => { const on = flat[j + 1]; if (records[i]!.backorder && typeof on === 'string') records[i]!.promisedOn = on || null; });
        return;
      }
      for (let k = 0; k < flat.length; k += 2) {
        const i = idx[Number(flat[k]) - 1]!;
        const line = req.lines[i]!;
        shortages.push({ index: i, sku: line.sku, locationId: line.locationId, requested: line.quantity, available: Number(flat[k + 1]) });
      }
    });
    if (shortages.length === 0) return { ok: true, reservations: records };
    const held = groups.filter((_, g) => (replies[g] as unknown[])[0] === 0).flatMap(([, idx]) => idx.map((i) => records[i]!));
    await this.rollback(held, records, req.now);
    return { ok: false, shortages: shortages.sort((a, b) => a.index - b.index) };
  }

  async getReservations(ids: readonly string[]): Promise<(Reservation | null)[]> {
    const parsed = ids.map((id) => ({ id, key: parseReservationId(id) }));
    const valid = parsed.filter((p) => p.key !== null);
    const replies = await roundTrip(this.redis, valid.map((p): Cmd => ['get', this.keys.reservation(p.key!.sku, p.id)]));
    const byId = new Map(valid.map((p, i) => [p.id, replies[i] as string | null]));
    return ids.map((id) => {
      const raw = byId.get(id);
      return raw ? (JSON.parse(raw) as Reservation) : null;
    });
  }

  async release(id: string, now: number, actor?: string): Promise<ReservationTransition> {
    checkActor(actor);
    return this.transitionOne(id, now, 'RELEASED', '', actor);
  }

  async consume(id: string, now: number, sourceDocument: string, actor?: string): Promise<ReservationTransition> {
    checkActor(actor);
    const key = parseReservationId(id);
    if (key && sourceDocument) await roundTrip(this.redis, this.indexDocuments(key.sku, [sourceDocument]));
    return this.transitionOne(id, now, 'CONSUMED', sourceDocument, actor);
  }

  async expireDue(now: number, limit: number = LEDGER_DEFAULTS.expireLimit): Promise<Reservation[]> {
    checkTime('now', now);
    checkTime('limit', limit);
    const ids = (await roundTrip(this.redis, [['zrangebyscore', this.keys.expiryIndex, '-inf', now, 'LIMIT', 0, limit]]))[0] as string[];
    const results = await this.transitions(ids, now, 'EXPIRED', '', 'system:expiry');
    // Leave in the index only what is still ACTIVE (not due after all); the rest is done.
    const done = ids.filter((_, i) => results[i]!.ok || results[i]!.reservation?.status !== 'ACTIVE');
    if (done.length > 0) await roundTrip(this.redis, [['zrem', this.keys.expiryIndex, ...done]]);
    return results.filter((r) => r.ok).map((r) => r.reservation!);
  }

  onChange(listener: (keys: PositionKey[]) => void): () => void {
    const entry = (keys: PositionKey[]) => listener(keys);
    this.listeners.add(entry);
    if (!this.subscription) {
      this.subscriber ??= new ChannelSubscriber(duplicateForSubscribe(this.redis), true);
      this.subscription = subscribeAll(this.subscriber, this.keys.changeChannels(), (msg) => this.dispatch(msg));
      this.subscriber.onReconnect(() => {
        for (const l of [...this.listeners]) l([ANY_POSITION]);
      });
      this.subscription.catch((err) => this.log.error({ err }, 'subscribing to ledger changes failed'));
    }
    return () => {
      this.listeners.delete(entry);
    };
  }

  async changesReady(): Promise<void> {
    if (this.subscription) await this.subscription;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const unsubscribe = await this.subscription?.catch(() => null);
    this.subscription = null;
    if (unsubscribe) await unsubscribe().catch(() => undefined);
    if (this.ownsSubscriber && this.subscriber) await this.subscriber.close();
    if (this.ownsSubscriber) this.subscriber = null;
  }

  /** A stock write: acknowledged once the configured replicas have it, when durable acknowledgement is on. */
  private write(cmds: readonly Cmd[]): Promise<unknown[]> {
    return this.replicaAck ? roundTripAcked(this.redis, cmds, this.replicaAck) : roundTrip(this.redis, cmds);
  }

  /** `before` (index writes), then the stock write `cmds` (acknowledged as `write` does); the replies of `cmds`. */
  private async writeAfter(before: readonly Cmd[], cmds: readonly Cmd[]): Promise<unknown[]> {
    if (!this.replicaAck) return (await roundTripInOrder(this.redis, before, cmds))[1];
    await roundTrip(this.redis, before);
    return roundTripAcked(this.redis, cmds, this.replicaAck);
  }

  private async setFigure(key: PositionKey, field: 'incoming' | 'safety', quantity: number, at: number, code: string, source: LedgerSource, actor: string): Promise<void> {
    await this.write([[
      'sgLedgerSetFigure', this.keys.positions(key.sku), key.locationId, field, quantity, at, code, this.keys.changeChannel(key.sku), key.sku,
      source, ...this.auditArgs(key.sku, actor),
    ]]);
  }

  /** key tag, history cap, recordedAt, document list cap and TTL, actor: what every writing script takes for the trail */
  private auditArgs(sku: string, actor: string): (string | number)[] {
    return [this.keys.tag(sku), this.historyCap, this.clock(), this.documentTrailCap, this.auditRetentionMs, actor];
  }

  /** Lists the SKU under each document before its script names them (see keys.ts). */
  private indexDocuments(sku: string, documents: readonly (string | null | undefined)[]): Cmd[] {
    const out: Cmd[] = [];
    for (const d of new Set(documents)) {
      if (!d) continue;
      out.push(['sadd', this.keys.documentSkus(d), sku], ['pexpire', this.keys.documentSkus(d), this.auditRetentionMs]);
    }
    return out;
  }

  private async transitionOne(id: string, now: number, mode: TransitionMode, sourceDocument = '', actor?: string, to = ''): Promise<ReservationTransition> {
    checkTime('now', now);
    const [result] = await this.transitions([id], now, mode, sourceDocument, actor, to);
    if (result!.reservation && result!.reservation.status !== 'ACTIVE') {
      await roundTrip(this.redis, [['zrem', this.keys.expiryIndex, id]]);
    }
    return result!;
  }

  private async transitions(ids: readonly string[], now: number, mode: TransitionMode, sourceDocument = '', actor = DEFAULT_ACTOR, to = ''): Promise<ReservationTransition[]> {
    const parsed = ids.map((id) => ({ id, key: parseReservationId(id) }));
    const valid = parsed.filter((p) => p.key !== null);
    // taking back a hold that was never handed out needs no replica: at worst it stays held until it expires
    const cmds = valid.map(({ id, key }): Cmd => [
      'sgLedgerTransition', this.keys.positions(key!.sku), this.keys.reservation(key!.sku, id), this.keys.history(key!.sku, key!.locationId), this.keys.held(key!.sku),
      mode, now, this.retentionMs, this.keys.changeChannel(key!.sku), key!.sku, '', '', sourceDocument, ...this.auditArgs(key!.sku, actor), to,
    ]);
    const replies = mode === 'UNHOLD' ? await roundTrip(this.redis, cmds) : await this.write(cmds);
    const byId = new Map(valid.map((p, i) => [p.id, replies[i] as [number, string | null]]));
    return ids.map((id) => {
      const reply = byId.get(id);
      if (!reply) return { ok: false, reservation: null };
      const reservation = reply[1] ? (JSON.parse(reply[1]) as Reservation) : null;
      return reply[0] === 1 ? { ok: true, reservation: reservation! } : { ok: false, reservation };
    });
  }

  /** Takes back holds that were never handed out (another SKU group was short), then unindexes the request. */
  private async rollback(held: readonly Reservation[], all: readonly Reservation[], now: number): Promise<void> {
    if (held.length > 0) await this.transitions(held.map((r) => r.id), now, 'UNHOLD');
    await roundTrip(this.redis, [['zrem', this.keys.expiryIndex, ...all.map((r) => r.id)]]);
  }

  private dispatch(message: string): void {
    const keys = parseChangeMessage(message);
    if (keys.length === 0) return;
    for (const l of [...this.listeners]) {
      try {
        l(keys.map((k) => ({ ...k })));
      } catch (err) {
        this.log.warn({ err }, 'ledger change listener threw');
      }
    }
  }
}

/** A SKU's positions from its hash (HGETALL's flat field/value array), by location id. */
function positionsOf(sku: string, flat: readonly string[]): Position[] {
  const order = locationOrder(flat);
  const out: Position[] = new Array(order.length);
  for (let j = 0; j < order.length; j++) out[j] = unpackPublicPosition(sku, flat[order[j]!]!, flat[order[j]! + 1]!);
  return out;
}

/**
 * positionsOf and withHeld of heldOf, packed: the figures decoded from the replies straight into
 * the packed arrays, with no Position, holds record or map of holds on the way.
 */
function packedPositionsOf(sku: string, flat: readonly string[], heldFlat: readonly string[]): PackedPositions {
  const order = locationOrder(flat);
  const b = new PackedPositionsBuilder(sku, order.length);
  for (let j = 0; j < order.length; j++) unpackPositionInto(b, j, sku, flat[order[j]!]!, flat[order[j]! + 1]!);
  for (let k = 0; k < heldFlat.length; k += 2) {
    const field = heldFlat[k]!;
    const cut = field.lastIndexOf('|');
    // holds of a location with no position are not part of any position (as withHeld)
    const j = b.indexOf(field.slice(0, cut));
    if (j >= 0) b.hold(j, field.slice(cut + 1) as Channel, Number(heldFlat[k + 1]));
  }
  return b.finish();
}

/** the offsets of the field names in HGETALL's flat array, in location id order */
function locationOrder(flat: readonly string[]): number[] {
  const n = flat.length >> 1;
  const order = new Array<number>(n);
  for (let j = 0; j < n; j++) order[j] = j << 1;
  return order.sort((a, b) => (flat[a]! < flat[b]! ? -1 : flat[a]! > flat[b]! ? 1 : 0));
}

/** Units per channel at each location, from the holds hash (HGETALL's flat array of `<location>|<channel>`, units). */
function heldOf(flat: readonly string[]): Map<string, Partial<Record<Channel, number>>> {
  const out = new Map<string, Partial<Record<Channel, number>>>();
  for (let k = 0; k < flat.length; k += 2) {
    const field = flat[k]!;
    const cut = field.lastIndexOf('|');
    const loc = field.slice(0, cut);
    const byChannel = out.get(loc) ?? out.set(loc, {}).get(loc)!;
    byChannel[field.slice(cut + 1) as Channel] = Number(flat[k + 1]);
  }
  return out;
}

function withHeld(p: Position, held: Map<string, Partial<Record<Channel, number>>>): Position {
  const h = held.get(p.locationId);
  return h ? { ...p, held: h } : p;
}
