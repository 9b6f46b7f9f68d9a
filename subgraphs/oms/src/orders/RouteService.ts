import { randomUUID } from 'node:crypto';
import { publishKpi } from '@stockgraph/shared/feeds';
import { utcDate } from '@stockgraph/shared/feeds';
import { userError, type KeyValueStore, type Location, type Logger, type Reservation, type StockLedger, type UserError } from '@stockgraph/shared';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import { fingerprint, type IdempotencyStore } from '@stockgraph/shared/idempotency';
import type { Registry } from '@stockgraph/shared/registry';
import { planRoute, type RoutingConfig, type RoutingPlan, type RoutingRequest } from '../routing';
import type { OmsClient } from '../legacy/OmsClient';
import { omsRefusal } from '../legacy/omsRefusals';
import { buildRoutingRequest } from './buildRoutingRequest';
import type { OrderIntent, OrderRecord, OrderStore, ShipmentRecord } from './OrderStore';
import { RouteClaims, type RouteOutcome } from './routeClaims';
import { validateRouteInput, type RouteOrderInput } from './validateRouteInput';

export interface RoutePayload { order: OrderRecord | null; plan: RoutingPlan | null; shipments: ShipmentRecord[]; reservations: Reservation[]; userErrors: UserError[] }

export interface RouteServiceDeps {
  /** where KPI facts are published (fill rate) */
  kv?: KeyValueStore;
  ledger: StockLedger;
  registry: Registry;
  orders: OrderStore;
  oms: OmsClient;
  idempotency: IdempotencyStore;
  policies: ChannelPolicies;
  routing: RoutingConfig;
  logger: Logger;
  /** holds of a routed order outlive a cart's: they last until fulfilment (the reconciler watches them) */
  orderHoldTtlMs: number;
  now?: () => number;
}

const MAX_PLANS = 3;
/** a backorder is held until its supply lands: long after an order's stock hold would lapse */
const BACKORDER_HOLD_TTL_MS = 180 * 24 * 3600_000;

/**
 * routeOrder: plan at least cost, hold what the plan ships (re-planning if stock moved in
 * between), write the order to the legacy OMS, the system of record, and only then answer.
 */
export class RouteService {
  private readonly claims: RouteClaims;
  constructor(private readonly d: RouteServiceDeps) { this.claims = new RouteClaims(d.idempotency); }
  private now(): number { return (this.d.now ?? Date.now)(); }

  /** `clientId`: the caller, whose own orderId is unique among its orders (not across clients) */
  async route(input: RouteOrderInput, clientId: string | null = null): Promise<RoutePayload> {
    const { registry } = this.d;
    await registry.refresh();
    const errors = validateRouteInput(input, registry);
    input.lines.forEach((l, i) => {
      if (registry.sku(l.sku) && !registry.localCode(l.sku, 'OMS')) errors.push(userError('UNKNOWN_SKU', 'The OMS does not sell this SKU', ['lines', i, 'sku']));
    });
    if (errors.length) return refused(errors);

    const fp = fingerprint({ ...input, idempotencyKey: undefined, reserve: input.reserve ?? true });
    const omsKey = omsKeyOf(input, clientId);
    // The claim, an earlier run's intent and the network as it stands go out in one round trip,
    // the claim first: Redis runs them in that order, so the reads see what is under the claim.
    // They are wasted on a replay or a refusal, and read again if the claim had to wait.
    const claimed = this.claims.claim(input, fp, clientId);
    const early = this.readFor(input, omsKey);
    early.catch(() => undefined);
    const claim = await claimed;
    if (claim.state === 'refused') return refused(claim.userErrors);
    if (claim.state === 'done') return withShortages(input, await this.replay(claim.outcome));
    const run: Run = { held: [], picks: [], intent: false, committed: false, saved: null };
    try {
      const [pending, request] = await (claim.firstTry ? early : this.readFor(input, omsKey));
      const payload = pending ? await this.resume(input, pending, omsKey!, run, clientId) : await this.planAndRecord(input, omsKey, run, request, clientId);
      if (payload.userErrors.length) {
        // refused by the OMS: nothing was recorded anywhere, the keys are free for a corrected order
        await this.claims.abandon(claim.keys);
        return payload;
      }
      const outcome = payload.order ? { orderId: payload.order.id, plan: payload.plan } : { orderId: null, plan: payload.plan, shipments: payload.shipments };
      // The key's completion must not land before the order is saved: where the store runs
      // commands in the order sent, both share one round trip.
      if (run.saved && !this.d.orders.keepsOrder) await run.saved;
      await Promise.all([run.saved, this.claims.complete(claim.keys, fp, outcome)]);
      // The intent goes only once both are known to have landed: after a lost reply the catch
      // below gives the key back, and the retry resumes from the intent. Left behind, it expires.
      if (payload.order && omsKey) {
        this.d.orders.clearIntent(omsKey).catch((err: unknown) => this.d.logger.warn({ err, omsKey }, 'routed order: its intent stays until it expires'));
      }
      if (payload.plan && input.reserve !== false && this.d.kv) {
        // fill rate: how much of the order the network could serve from stock when it was routed
        const orderedUnits = input.lines.reduce((n, l) => n + l.quantity, 0);
        const filledUnits = payload.plan.shipments.reduce((n, sh) => n + sh.lines.reduce((m, l) => m + (l.backorder ? 0 : l.quantity), 0), 0);
        void publishKpi(this.d.kv, { kind: 'fill', date: utcDate(this.now()), channel: input.channel, orderId: payload.order?.id ?? input.orderId ?? 'unrecorded', orderedUnits, filledUnits: Math.min(filledUnits, orderedUnits) });
      }
      return withShortages(input, payload);
    } catch (err) {
      // Before the order went out to the OMS nothing is acknowledged anywhere: the stock goes back.
      // After, the OMS may hold the order: its holds stay with the saved intent for the retry.
      if (!run.committed) {
        for (const r of run.held) await this.d.ledger.release(r.id, this.now()).catch(() => undefined);
        await this.givePicksBack(run).catch(() => undefined);
        if (run.intent && omsKey) await this.d.orders.clearIntent(omsKey).catch(() => undefined);
      }
      await this.claims.abandon(claim.keys).catch(() => undefined);
      throw err;
    }
  }

  private async planAndRecord(input: RouteOrderInput, omsKey: string | null, run: Run, request: RoutingRequest, clientId: string | null): Promise<RoutePayload> {
    const ref = input.orderId ?? `ORD-${randomUUID()}`;
    const out = await this.planAndHold(input, request, run, ref, omsKey);
    run.held = out.reservations;
    // Nothing to ship, or a plan asked for without holds: an answer, not an order. Nothing is
    // written to the OMS, so no allocation exists that a hold (or the reconciler) would chase.
    if (out.plan.shipments.length === 0 || input.reserve === false) {
      const shipments = this.shipmentsOf(input.orderId ?? `PLAN-${randomUUID()}`, out.plan, []);
      return { order: null, plan: out.plan, shipments, reservations: [], userErrors: [] };
    }
    return this.record(input, ref, out.plan, out.shipments ?? this.shipmentsOf(ref, out.plan, run.held), run.held, omsKey, run, clientId);
  }

  /**
   * A retry of an order whose earlier run stopped after saving its intent: the same shipments go
   * to the OMS again (a replay there if they arrived), with their holds taken again where they
   * were lost. A line that can no longer be held is recorded unheld: the OMS may already have
   * promised it, and the allocation reconciler reports what it cannot hold.
   */
  private async resume(input: RouteOrderInput, intent: OrderIntent, omsKey: string, run: Run, clientId: string | null): Promise<RoutePayload> {
    run.committed = true;
    // the earlier run got as far as recording the order (only its last steps failed): answer it
    const [recorded] = await this.d.orders.shipments(intent.shipments.slice(0, 1).map((s) => s.id));
    if (recorded?.orderId && (await this.d.orders.order(recorded.orderId))) {
      await this.d.orders.clearIntent(omsKey);
      return this.replay({ orderId: recorded.orderId, plan: intent.plan });
    }
    const policy = this.d.policies[input.channel];
    const now = this.now();
    const lines = intent.shipments.flatMap((s) => s.lines.map((l) => ({ s, l })));
    const ids = lines.map(({ l }) => l.reservationId).filter((x): x is string => x !== null);
    const found = await this.d.ledger.getReservations(ids);
    if (found.some((r) => r === null)) return this.planAfresh(input, intent, found, omsKey, run, clientId);
    const active = new Map(found.filter((r): r is Reservation => r?.status === 'ACTIVE').map((r) => [r.id, r]));
    const held: Reservation[] = [];
    for (const { s, l } of lines) {
      const r = l.reservationId ? active.get(l.reservationId) : undefined;
      if (r) { held.push(r); continue; }
      const again = await this.d.ledger.reserve({
        holdId: `O-${randomUUID()}`, channel: input.channel, lines: [{ sku: l.sku, locationId: s.locationId, quantity: l.quantity, backorder: l.backorder }],
        ttlMs: this.d.orderHoldTtlMs, backorderTtlMs: BACKORDER_HOLD_TTL_MS, reference: input.orderId ?? null, now, extraBuffer: () => policy.unitBuffer, share: policy.share,
      });
      l.reservationId = again.ok ? again.reservations[0].id : null;
      if (again.ok) held.push(again.reservations[0]);
      else this.d.logger.warn({ order: intent.ref, sku: l.sku, location: s.locationId }, 'resumed order: line could not be held again');
    }
    return this.record(input, intent.ref, intent.plan, intent.shipments, held, omsKey, run, clientId);
  }

  /**
   * An intent is written in the same write as its holds, whether they take or not. One naming a
   * hold the ledger never recorded was left by a hold that did not take (a line short of stock,
   * or a run that stopped before the hold reached Redis): that run never wrote to the OMS, which
   * happens only once every hold took, and records are kept for days after a hold ends. Whatever
   * it did hold goes back, and the order is planned anew.
   */
  private async planAfresh(input: RouteOrderInput, intent: OrderIntent, found: readonly (Reservation | null)[], omsKey: string, run: Run, clientId: string | null): Promise<RoutePayload> {
    run.committed = false;
    const now = this.now();
    await Promise.all(found.filter((r): r is Reservation => r?.status === 'ACTIVE').map((r) => this.d.ledger.release(r.id, now)));
    await this.d.orders.clearIntent(omsKey);
    this.d.logger.warn({ order: intent.ref }, 'an intent whose hold did not take: the order is planned anew');
    return this.planAndRecord(input, omsKey, run, await this.readNetwork(input), clientId);
  }

  /** an earlier run's intent under the order's OMS key, and the network, in one round trip */
  private readFor(input: RouteOrderInput, omsKey: string | null): Promise<[OrderIntent | null, RoutingRequest]> {
    return Promise.all([omsKey ? this.d.orders.intent(omsKey) : null, this.readNetwork(input)]);
  }

  private readNetwork(input: RouteOrderInput): Promise<RoutingRequest> {
    const backorder = input.allowBackorder ?? this.d.routing.channels[input.channel].backorder;
    return buildRoutingRequest(input, { ledger: this.d.ledger, registry: this.d.registry, orders: this.d.orders, policy: this.d.policies[input.channel], backorder }, this.now());
  }

  /**
   * Plans, then takes a pick of each shipping store's capacity for the day, holds the plan's
   * stock and writes the order's intent, all in one round trip. Stock that moved, or a store
   * whose last pick another order took meanwhile, gives back what was taken and plans again.
   */
  private async planAndHold(
    input: RouteOrderInput, first: RoutingRequest, run: Run, ref: string, omsKey: string | null,
  ): Promise<{ plan: RoutingPlan; reservations: Reservation[]; shipments: ShipmentRecord[] | null }> {
    const policy = this.d.policies[input.channel];
    // Where the store runs a connection's commands in the order sent, the intent goes in the
    // holds' write, after them: an intent that reached Redis (and survived a crash, AOF being a
    // prefix) implies its picks and holds ran. Elsewhere record() writes it once the holds took.
    const beside = omsKey !== null && this.d.orders.keepsOrder;
    for (let attempt = 1; ; attempt++) {
      const request = attempt === 1 ? first : await this.readNetwork(input);
      const now = this.now();
      const plan = planRoute(request, this.d.routing);
      if (input.reserve === false) return { plan, reservations: [], shipments: null };
      // backorder lines take promisable supply in the same hold, so an incoming unit is promised once
      const lines = plan.shipments.flatMap((s) => s.lines.map((l) => ({ sku: l.sku, locationId: s.locationId, quantity: l.quantity, backorder: l.backorder })));
      const picks = this.takePicks(plan, now, run);
      const intent: { shipments: ShipmentRecord[] | null; saved: Promise<void> | null } = { shipments: null, saved: null };
      const hold = lines.length === 0 ? { ok: true as const, reservations: [] as Reservation[] } : this.d.ledger.reserve({
        holdId: `O-${randomUUID()}`, channel: input.channel, lines, ttlMs: this.d.orderHoldTtlMs, backorderTtlMs: BACKORDER_HOLD_TTL_MS,
        reference: input.orderId ?? null, now, extraBuffer: () => policy.unitBuffer, share: policy.share,
        issued: beside ? (records) => {
          intent.shipments = this.shipmentsOf(ref, plan, records);
          intent.saved = this.d.orders.saveIntent(omsKey, { ref, plan, shipments: intent.shipments });
          run.intent = true;
        } : undefined,
      });
      const [h, p, i] = await Promise.allSettled([hold, picks, intent.saved]);
      // whatever was taken is in `run` before anything throws, for route() to give back
      if (h.status === 'fulfilled' && h.value.ok) run.held = h.value.reservations;
      if (h.status === 'rejected') throw h.reason;
      if (p.status === 'rejected') throw p.reason;
      if (i.status === 'rejected') throw i.reason;
      const held = h.value;
      if (held.ok && p.value) return { plan, reservations: held.reservations, shipments: intent.shipments };
      // the intent written beside a hold that did not take goes with it
      await Promise.all([...run.held.map((r) => this.d.ledger.release(r.id, now)), this.givePicksBack(run), run.intent && omsKey ? this.d.orders.clearIntent(omsKey) : null]);
      run.held = [];
      run.intent = false;
      this.d.logger.info({ attempt, shortages: held.ok ? 0 : held.shortages.length, storesFull: !p.value }, 'stock or store capacity moved between planning and holding: re-planning');
      if (attempt >= MAX_PLANS) return { plan: { ...plan, shipments: [], unassigned: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: 'INSUFFICIENT_STOCK' as const })), totalCost: 0, splitCount: 0 }, reservations: [], shipments: null };
    }
  }

  /**
   * A pick of the day's capacity for each shipment from a store (one order each, whatever its
   * units), each taken one recorded in `run`; true when every store had one left.
   */
  private async takePicks(plan: RoutingPlan, now: number, run: Run): Promise<boolean> {
    const stores = plan.shipments.map((s) => this.d.registry.location(s.locationId)).filter((l): l is Location => l?.type === 'STORE');
    const took = await Promise.allSettled(stores.map((l) => this.d.orders.takePick(l.id, l.dailyCapacity, now)));
    took.forEach((t, i) => { if (t.status === 'fulfilled' && t.value) run.picks.push({ locationId: stores[i]!.id, at: now }); });
    const failed = took.find((t): t is PromiseRejectedResult => t.status === 'rejected');
    if (failed) throw failed.reason;
    return took.every((t) => t.status === 'fulfilled' && t.value);
  }

  private async givePicksBack(run: Run): Promise<void> {
    const picks = run.picks;
    run.picks = [];
    await Promise.all(picks.map((p) => this.d.orders.givePickBack(p.locationId, p.at)));
  }

  /** The plan's shipments as records, each line with the hold that covers it (if any). */
  private shipmentsOf(ref: string, plan: RoutingPlan, held: readonly Reservation[]): ShipmentRecord[] {
    const pool = [...held];
    let lineNo = 0;
    // an orderId is unique per client only: the shipment ids of two clients' "A-1" must differ
    const base = `${ref.slice(0, 40)}-${randomUUID().slice(0, 8)}`;
    return plan.shipments.map((s, i) => ({
      id: `${base}-S${i + 1}`, orderId: '', status: 'PLANNED', locationId: s.locationId, method: s.method,
      transferTo: s.transferTo ?? null, distanceKm: s.distanceKm, cost: s.cost, promisedBy: s.promisedBy ?? null,
      reason: s.why, readyAt: null, fulfilledAt: null, collectBy: null,
      lines: s.lines.map((l) => {
        const idx = pool.findIndex((r) => r.sku === l.sku && r.locationId === s.locationId && r.quantity === l.quantity && !!r.backorder === l.backorder);
        const r = idx >= 0 ? pool.splice(idx, 1)[0] : null;
        return { sku: l.sku, quantity: l.quantity, backorder: l.backorder, reservationId: r?.id ?? null, omsLineNo: ++lineNo };
      }),
    }));
  }

  private async record(
    input: RouteOrderInput, ref: string, plan: RoutingPlan, shipments: ShipmentRecord[], held: Reservation[], omsKey: string | null, run: Run, clientId: string | null,
  ): Promise<RoutePayload> {
    const { registry } = this.d;
    const now = this.now();
    if (omsKey) {
      if (!run.intent) await this.d.orders.saveIntent(omsKey, { ref, plan, shipments });
      run.intent = true;
      run.committed = true;
    }
    const written = await this.d.oms.createOrder(
      {
        externalId: ref, channel: input.channel,
        shipTo: input.destination ?? null, pickupPlant: input.pickupLocationId ?? null,
        lines: shipments.flatMap((s) => s.lines.map((l) => ({
          lineNo: l.omsLineNo, sku: registry.localCode(l.sku, 'OMS')!, qty: l.quantity, plant: s.locationId, method: s.method, shipmentRef: s.id,
        }))),
      },
      omsKey ?? `route:order:${ref}`,
    );
    if (!written.ok) {
      // refused: the OMS has no such order, so the holds, picks and intent go back and the
      // caller gets the OMS's reason as a userError
      const now2 = this.now();
      await Promise.all([...held.map((r) => this.d.ledger.release(r.id, now2)), this.givePicksBack(run), omsKey ? this.d.orders.clearIntent(omsKey) : null]);
      run.intent = false;
      run.committed = false;
      run.held = [];
      this.d.logger.warn({ order: ref, refusal: written.detail }, 'the OMS refused an order');
      return refused([omsRefusal(written, 'order', written.refusal === 'duplicate' ? ['orderId'] : ['lines'])]);
    }
    const order: OrderRecord = {
      id: written.value.orderId, externalId: ref, channel: input.channel, status: 'OPEN', createdAt: now, clientId, callerRef: !!input.orderId,
      destination: input.destination ?? null, pickupLocationId: input.pickupLocationId ?? null, shipmentIds: shipments.map((s) => s.id),
    };
    for (const s of shipments) s.orderId = order.id;
    // the order in one round trip, which route() shares with the key's completion
    run.saved = this.d.orders.saveOrder(order, shipments);
    run.saved.catch(() => undefined);
    return { order, plan, shipments, reservations: held, userErrors: [] };
  }

  private async replay(outcome: RouteOutcome): Promise<RoutePayload> {
    const { orderId, plan } = outcome;
    if (!orderId) return { order: null, plan, shipments: outcome.shipments ?? [], reservations: [], userErrors: [] };
    const order = await this.d.orders.order(orderId);
    const shipments = order ? (await this.d.orders.shipments(order.shipmentIds)).filter((s): s is ShipmentRecord => s !== null) : [];
    const ids = shipments.flatMap((s) => s.lines.map((l) => l.reservationId).filter((x): x is string => x !== null));
    const reservations = (await this.d.ledger.getReservations(ids)).filter((r): r is Reservation => r !== null);
    return { order, plan, shipments, reservations, userErrors: [] };
  }
}

/**
 * What a failing run must undo: its holds, picks and intent, unless the order may already be in
 * the OMS; and the save of the order, once sent, which route() awaits with the key's completion.
 */
interface Run {
  held: Reservation[];
  picks: TakenPick[];
  /** the order's intent may be in the store (written beside the holds, or before the OMS write) */
  intent: boolean;
  committed: boolean;
  saved: Promise<void> | null;
}

/** a pick of a store's capacity, with the time whose day it counts against */
interface TakenPick { locationId: string; at: number }

/**
 * The OMS idempotency key of an order: its reference when the caller gave one (an order is one
 * order however often it is sent), else the caller's key; null when a retry could not be told apart.
 */
export function omsKeyOf(input: Pick<RouteOrderInput, 'orderId' | 'idempotencyKey'>, clientId: string | null): string | null {
  const who = clientId ? `${clientId}/` : '';
  if (input.orderId) return `route:order:${who}${input.orderId}`;
  return input.idempotencyKey ? `route:key:${who}${input.idempotencyKey}` : null;
}

/**
 * Units the network (within the channel's share, or its promisable supply) could not cover are
 * refused as INSUFFICIENT_STOCK, line by line; what could be covered is still planned and held.
 */
function withShortages(input: RouteOrderInput, p: RoutePayload): RoutePayload {
  if (!p.plan || input.reserve === false) return p;
  const short = p.plan.unassigned.filter((u) => u.reason === 'INSUFFICIENT_STOCK' || u.reason === 'NO_STOCK');
  if (short.length === 0) return p;
  const errors = short.map((u) => {
    const i = input.lines.findIndex((l) => l.sku === u.sku);
    return userError('INSUFFICIENT_STOCK', `${u.quantity} unit(s) of ${u.sku} could not be covered for ${input.channel}`, ['lines', Math.max(0, i), 'quantity']);
  });
  return { ...p, userErrors: [...p.userErrors, ...errors] };
}

const refused = (userErrors: UserError[]): RoutePayload => ({ order: null, plan: null, shipments: [], reservations: [], userErrors });
