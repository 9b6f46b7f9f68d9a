import { createHash, randomUUID } from 'node:crypto';
import { returnTransfer, TransferStore } from '@stockgraph/shared/transfers';
import { userError, type Channel, type Logger, type StockLedger, type UserError } from '@stockgraph/shared';
import { publishDemand, utcDate } from '@stockgraph/shared/feeds';
import { clientKey, fingerprint, type IdempotencyStore } from '@stockgraph/shared/idempotency';
import type { KeyValueStore } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { OmsClient } from '../legacy/OmsClient';
import { omsRefusal } from '../legacy/omsRefusals';
import { runOnce } from '../orders/runOnce';
import type { OrderRecord } from '../orders/OrderStore';
import { idempotencyKeyError } from '@stockgraph/shared/validation';
import { decideDispositions, type DispositionDecision } from './disposition';
import { policyFor, type DispositionConfig } from './dispositionConfig';
import { createRma, sellableNow, transitionRma, withLineDispositions, type RmaRecord } from './rma';
import type { Disposition, ItemCondition } from './returnTypes';
import { validateReturn, type OrderSnapshot } from './validateReturn';

export interface CreateReturnInput {
  orderId: string;
  channel: Channel;
  returnLocationId: string;
  lines: { sku: string; quantity: number; condition: ItemCondition }[];
  /** replacement goods instead of a refund, routed as a new order */
  exchange?: { lines: { sku: string; quantity: number }[]; destination?: { lat: number; lng: number } | null; pickupLocationId?: string | null } | null;
  idempotencyKey?: string | null;
}

/** Routes the replacement of an exchange as a new order (RouteService), by a reference of its own. */
export type RouteExchange = (
  ref: string, channel: Channel, exchange: NonNullable<CreateReturnInput['exchange']>, clientId: string | null,
) => Promise<{ order: OrderRecord | null; userErrors: UserError[] }>;

/** Goods moving from the return location to where their disposition happens (refurbishment, returns DC, vendor). */
export interface ReturnTransfer { id: string; sku: string; quantity: number; fromLocationId: string; toLocationId: string; disposition: Disposition; status: 'REQUESTED' }

export interface StoredRma extends RmaRecord {
  decisions: DispositionDecision[]; createdAt: number; transfers?: ReturnTransfer[];
  refund?: { amount: number; at: number } | null;
  exchangeOrderId?: string | null;
}
export interface ReturnPayload { rma: StoredRma | null; userErrors: UserError[] }

/** how long the mark of an RMA written to the OMS is kept: far beyond any event feed lag */
const OWN_RMA_MARK_MS = 30 * 24 * 3600_000;


/**
 * createReturn: any order from any channel back at any store or DC. Checked against what the
 * order shipped and what came back before, written to the OMS (system of record), given a
 * disposition per line by expected recovery, and what is sellable is on sale again at once.
 */
export class ReturnService {
  constructor(private readonly d: {
    ledger: StockLedger; registry: Registry; oms: OmsClient; kv: KeyValueStore; idempotency: IdempotencyStore;
    config: DispositionConfig; logger: Logger; now?: () => number;
    /** the caller's own orderId → the OMS's order number (OrderStore.findOrder) */
    findOrder?: (id: string, clientId: string | null) => Promise<OrderRecord | null>;
    routeExchange?: RouteExchange;
  }) {}
  private now(): number { return (this.d.now ?? Date.now)(); }

  /**
   * A return rung at a till that names an order joins the same RMA model. Units an API return of
   * that order already restocked are not counted twice: the till's movement is taken back for them
   * (a compensating line in the history); the rest become an RMA of their own, written to the OMS.
   * Called from the till-returns stream, so a line may come again after a crash: the till side is
   * a hash of lines (set twice, counted once), the decision per line is kept, and the movement and
   * the RMA are keyed by the line. Throws when the line must be tried again later.
   */
  async joinTillReturn(t: { txnId: string; orderRef: string | null; at: number }, lineNo: number, sku: string, locationId: string, qty: number): Promise<{ joined: number; rmaId: string | null }> {
    if (!t.orderRef) return { joined: 0, rmaId: null };
    const lineId = `${t.txnId}:${lineNo}`;
    const decisionKey = `returns:till-joined:{${sku}}:${lineId}`;
    let decided = await this.d.kv.get(decisionKey);
    if (decided === null) {
      await this.d.kv.hset(this.tillLinesKey(t.orderRef, sku), { [lineId]: String(qty) });
      const tillBefore = (await this.tillTotal(t.orderRef, sku)) - qty;
      const api = Number((await this.d.kv.get(this.matchKey('api', t.orderRef, sku))) ?? 0);
      const mine = String(Math.min(qty, Math.max(0, api - tillBefore)));
      // the first decision for a line stands (a redelivery racing the first delivery agrees with it)
      decided = (await this.d.kv.set(decisionKey, mine, { ifAbsent: true, ttlMs: OWN_RMA_MARK_MS })) ? mine : (await this.d.kv.get(decisionKey)) ?? mine;
    }
    const joined = Number(decided);
    if (joined > 0) {
      await this.d.ledger.applyMovement({
        sku, locationId, reason: 'RETURN', delta: -joined, source: 'POS', sourceEventId: `${lineId}:joined`,
        sourceDocument: t.txnId, at: t.at,
      });
    }
    const rest = qty - joined;
    if (rest === 0) return { joined, rmaId: null };
    const order = await this.loadOrder(t.orderRef);
    if (!order) return { joined, rmaId: null };
    const out = await this.create(
      { orderId: t.orderRef, channel: order.channel, returnLocationId: locationId, lines: [{ sku, quantity: rest, condition: 'NEW' }], idempotencyKey: `till-${t.txnId}-${lineNo}` },
      { fromTill: true },
    );
    // another delivery of this line is writing it right now, or died doing so: try again later
    if (out.userErrors.some((e) => e.code === 'IDEMPOTENCY_IN_FLIGHT')) throw new Error(`till return ${lineId} is being joined elsewhere`);
    if (out.userErrors.length) this.d.logger.warn({ txn: t.txnId, order: t.orderRef, errors: out.userErrors }, 'till return could not join an RMA');
    return { joined, rmaId: out.rma?.id ?? null };
  }

  private matchKey(side: 'api', orderId: string, sku: string): string {
    return `returns:${side}:{${sku}}:${orderId}`;
  }

  /** till lines of an order's SKU counted as returned: line id → units */
  private tillLinesKey(orderId: string, sku: string): string {
    return `returns:till-lines:{${sku}}:${orderId}`;
  }

  private async tillTotal(orderId: string, sku: string): Promise<number> {
    return Object.values(await this.d.kv.hgetall(this.tillLinesKey(orderId, sku))).reduce((n, v) => n + Number(v), 0);
  }

  async create(given: CreateReturnInput, opts: { fromTill?: boolean; clientId?: string | null } = {}): Promise<ReturnPayload> {
    const { registry } = this.d;
    await registry.refresh();
    const keyError = idempotencyKeyError(given.idempotencyKey);
    if (keyError) return { rma: null, userErrors: [keyError] };
    const clientId = opts.clientId ?? null;
    // the caller's own orderId names the same order as the OMS's number
    const own = this.d.findOrder && /^[\w.:-]{1,64}$/.test(given.orderId) ? await this.d.findOrder(given.orderId, clientId) : null;
    const input = own ? { ...given, orderId: own.id } : given;
    const key = input.idempotencyKey ? clientKey(clientId, input.idempotencyKey) : null;
    const fp = fingerprint({ ...input, idempotencyKey: undefined });
    return runOnce(this.d.idempotency, 'createReturn', key, fp, {
      what: 'return',
      run: () => this.record(input, key, opts.fromTill ?? false, clientId),
      keep: (out) => (out.rma && out.userErrors.length === 0 ? { rmaId: out.rma.id } : null),
      replay: async (r: { rmaId: string }) => ({ rma: await this.get(r.rmaId), userErrors: [] }),
      refuse: (e) => ({ rma: null, userErrors: [e] }),
    });
  }

  private async loadOrder(orderId: string): Promise<(OrderSnapshot & { createdAt: number }) | null> {
    if (!/^[\w.:-]{1,64}$/.test(orderId)) return null;
    const o = await this.d.oms.getOrder(orderId);
    if (!o) return null;
    return {
      orderId: o.orderId, channel: o.channel, createdAt: o.createdAt,
      lines: o.lines.map((l) => ({
        lineNo: l.lineNo, sku: this.d.registry.resolveSku('OMS', l.sku) ?? `OMS:${l.sku}`,
        orderedQty: l.qty, fulfilledQty: l.fulfilledQty, returnedQty: l.returnedQty,
      })),
    };
  }

  private async record(input: CreateReturnInput, key: string | null, fromTill: boolean, clientId: string | null): Promise<ReturnPayload> {
    const { registry } = this.d;
    const order = await this.loadOrder(input.orderId);
    const checked = validateReturn(
      { orderId: input.orderId, channel: input.channel, returnLocationId: input.returnLocationId, lines: input.lines },
      { order, isKnownLocation: (id) => !!registry.location(id), isKnownSku: (sku) => !!registry.sku(sku) },
    );
    if (!checked.ok) return { rma: null, userErrors: checked.userErrors };
    const now = this.now();
    const here = registry.location(input.returnLocationId)!;
    const daysSinceSale = Math.max(0, Math.floor((now - order!.createdAt) / 86_400_000));
    const decisions = decideDispositions(
      checked.allocations.map((a) => {
        const sku = registry.sku(a.sku)!;
        return {
          sku: a.sku, quantity: a.quantity, condition: a.condition, category: sku.category ?? 'DEFAULT',
          unitCost: sku.cost ?? 0, unitPrice: sku.price ?? 0, daysSinceSale,
          vendor: sku.vendor ? { vendorId: sku.vendor.id, acceptsReturns: sku.vendor.acceptsReturns, creditPctOfCost: sku.vendor.creditPct, windowDays: 90 } : null,
        };
      }),
      { returnLocation: here, sites: registry.allLocations() },
      this.d.config,
    );
    // by key, the same RMA: a retry after a crash finds its own restock movements (their event ids name it)
    const rmaId = `RMA-${(key ? createHash('sha256').update(`return:${key}`).digest('hex') : randomUUID()).slice(0, 8).toUpperCase()}`;
    // marked before the OMS hears of it, so the OMS event feed never restocks this RMA a second time
    await this.d.kv.set(`rma-ours:${rmaId}`, '1', { ttlMs: OWN_RMA_MARK_MS });
    const written = await this.d.oms.createReturn(
      {
        orderId: input.orderId, rmaRef: rmaId, plant: input.returnLocationId,
        lines: checked.allocations.map((a) => ({ lineNo: a.orderLineNo, sku: registry.localCode(a.sku, 'OMS') ?? a.sku, qty: a.quantity, condition: a.condition })),
      },
      key ? `return:${key}` : `return:${rmaId}`,
    );
    if (!written.ok) return { rma: null, userErrors: [omsRefusal(written, 'return', ['orderId'])] };
    let rma: RmaRecord = createRma({
      id: rmaId, orderId: input.orderId, channel: order!.channel, returnLocationId: input.returnLocationId,
      lines: checked.allocations.map((a) => ({
        sku: a.sku, quantity: a.quantity, condition: a.condition, orderLineNo: a.orderLineNo,
        originalValue: (registry.sku(a.sku)?.price ?? 0) * a.quantity,
      })),
    }, now);
    for (const step of ['RECEIVED', 'INSPECTED'] as const) rma = (transitionRma(rma, step, now) as { rma: RmaRecord }).rma;
    rma = (withLineDispositions(rma, decisions) as { rma: RmaRecord }).rma;
    rma = (transitionRma(rma, 'DISPOSED', now) as { rma: RmaRecord }).rma;
    // What goes straight back on the shelf is sellable at the return location at once (a till
    // return was already counted by the POS feed; units a till return of this order already
    // counted are not counted again).
    for (const [i, dcs] of decisions.entries()) {
      const policy = policyFor(this.d.config, registry.sku(dcs.sku)?.category ?? 'DEFAULT');
      if (fromTill || dcs.disposition !== 'RESTOCK' || !sellableNow(dcs.condition, policy)) continue;
      const newApi = await this.d.kv.incr(this.matchKey('api', input.orderId, dcs.sku), dcs.quantity);
      const till = await this.tillTotal(input.orderId, dcs.sku);
      const counted = Math.min(dcs.quantity, Math.max(0, till - (newApi - dcs.quantity)));
      if (dcs.quantity - counted <= 0) continue;
      const applied = await this.d.ledger.applyMovement({
        sku: dcs.sku, locationId: input.returnLocationId, reason: 'RETURN', delta: dcs.quantity - counted,
        source: 'OMS', sourceEventId: `${rmaId}:${i}`, sourceDocument: rmaId, at: now,
      });
      // STALE: a count at the return location is newer than this return and already includes it
      if (applied.outcome !== 'APPLIED') this.d.logger.warn({ rma: rmaId, sku: dcs.sku, location: input.returnLocationId, outcome: applied.outcome }, 'restock not applied');
    }
    // every returned unit is negative demand where it came back, whatever its disposition (a till
    // return was already published by the POS feed)
    for (const [i, a] of (fromTill ? [] : checked.allocations).entries()) {
      await publishDemand(this.d.kv, { sku: a.sku, locationId: input.returnLocationId, date: utcDate(now), quantity: -a.quantity, channel: order!.channel }, `rma:${rmaId}:${i}`);
    }
    // what is refurbished, liquidated or sent back to the vendor elsewhere travels there
    const transfers: ReturnTransfer[] = decisions
      .filter((d) => d.transferRequired)
      .map((d, i) => ({ id: `${rmaId}-T${i + 1}`, sku: d.sku, quantity: d.quantity, fromLocationId: input.returnLocationId, toLocationId: d.targetLocationId, disposition: d.disposition, status: 'REQUESTED' }));
    // the same transfer model as stock moving between locations: shipTransfer / receiveTransfer complete them
    const transferStore = new TransferStore(this.d.kv);
    await Promise.all(transfers.map((t) => transferStore.saveNew(returnTransfer(t, rmaId, now))));
    let stored: StoredRma = { ...rma, decisions, createdAt: now, transfers };
    await this.d.kv.set(`rma:${rmaId}`, JSON.stringify(stored));
    await this.d.kv.hset('rmas:received', { [rmaId]: String(now) });
    const settled = await this.settle(stored, input, clientId);
    stored = settled.rma;
    return { rma: stored, userErrors: settled.userErrors };
  }

  /**
   * A disposed return ends in a refund of what the units sold for (REFUNDED), or, when the caller
   * asked for an exchange, in a new routed order for the replacement (EXCHANGED). The exchange
   * order's reference is the RMA's own, so a retry routes it once. An exchange that cannot be
   * routed leaves the RMA DISPOSED with the routing's userErrors: the return itself stands.
   */
  private async settle(rma: StoredRma, input: CreateReturnInput, clientId: string | null): Promise<{ rma: StoredRma; userErrors: UserError[] }> {
    const now = Math.max(this.now(), rma.history[rma.history.length - 1]?.at ?? 0);
    let next: StoredRma;
    if (input.exchange && this.d.routeExchange) {
      const routed = await this.d.routeExchange(`${rma.id}-X`, rma.channel, input.exchange, clientId);
      if (!routed.order) {
        const errors = routed.userErrors.length ? routed.userErrors : [userError('INSUFFICIENT_STOCK', 'The replacement could not be routed', ['exchange', 'lines'])];
        return { rma, userErrors: errors.map((e) => ({ ...e, field: e.field ? ['exchange', ...e.field] : ['exchange'] })) };
      }
      next = { ...(transitionRma(rma, 'EXCHANGED', now) as { rma: RmaRecord }).rma, decisions: rma.decisions, createdAt: rma.createdAt, transfers: rma.transfers, exchangeOrderId: routed.order.id, refund: null };
    } else {
      const amount = Math.round(rma.lines.reduce((n, l) => n + l.originalValue, 0) * 100) / 100;
      next = { ...(transitionRma(rma, 'REFUNDED', now) as { rma: RmaRecord }).rma, decisions: rma.decisions, createdAt: rma.createdAt, transfers: rma.transfers, refund: { amount, at: now }, exchangeOrderId: null };
    }
    await this.d.kv.set(`rma:${rma.id}`, JSON.stringify(next));
    return { rma: next, userErrors: [] };
  }

  /** True for an RMA this service wrote to the OMS (whatever became of it). */
  async isOwn(rmaRef: string): Promise<boolean> {
    return /^RMA-[\w-]{1,40}$/.test(rmaRef) && (await this.d.kv.get(`rma-ours:${rmaRef}`)) !== null;
  }

  async get(id: string): Promise<StoredRma | null> {
    if (!/^RMA-[\w-]{1,40}$/.test(id)) return null;
    const raw = await this.d.kv.get(`rma:${id}`);
    return raw ? (JSON.parse(raw) as StoredRma) : null;
  }

  /** RMAs received in [from, to). */
  async receivedBetween(from: number, to: number): Promise<StoredRma[]> {
    const ids = Object.entries(await this.d.kv.hgetall('rmas:received')).filter(([, at]) => Number(at) >= from && Number(at) < to).map(([id]) => id);
    const raws = await this.d.kv.mget(ids.map((id) => `rma:${id}`));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StoredRma);
  }
}
