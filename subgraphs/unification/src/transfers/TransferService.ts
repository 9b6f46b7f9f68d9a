import { createHash, randomBytes } from 'node:crypto';
import { ErrorCode, userError, type Logger, type StockLedger, type UserError } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { DiscrepancyStore } from '@stockgraph/shared/reconcile';
import { systemOfRecord, type ReconcilePolicy } from '@stockgraph/shared/reconcile';
import { clientKey, fingerprint, type IdempotencyStore } from '@stockgraph/shared/idempotency';
import { withLease } from '@stockgraph/shared/kv';
import type { KeyValueStore } from '@stockgraph/shared/kv';
import { idempotencyKeyError, limits } from '@stockgraph/shared/validation';
import type { TransferRecord, TransferStore } from '@stockgraph/shared/transfers';
import type { TransferBookings } from './TransferBookings';

export interface TransferLineInput { sku: string; quantity: number }
export interface CreateTransferInput { fromLocationId: string; toLocationId: string; lines: TransferLineInput[]; idempotencyKey?: string | null }
export interface TransferActionInput { transferId: string; idempotencyKey?: string | null }
export interface ReceiveTransferInput { transferId: string; lines?: TransferLineInput[] | null; idempotencyKey?: string | null }
export interface TransferOutcome { transfer: TransferRecord | null; userErrors: UserError[] }

/** a transfer's hold waits for the truck, not for a shopper: it lasts a week unless configured */
export const DEFAULT_TRANSFER_HOLD_MS = 7 * 24 * 3600_000;

export interface TransferServiceDeps {
  ledger: StockLedger;
  registry: Registry;
  transfers: TransferStore;
  kv: KeyValueStore;
  idempotency: IdempotencyStore;
  discrepancies: DiscrepancyStore;
  bookings: TransferBookings;
  policy: ReconcilePolicy;
  logger: Logger;
  holdTtlMs?: number;
  now?: () => number;
}

const refused = (code: ErrorCode, message: string, field: (string | number)[] | null): TransferOutcome => ({ transfer: null, userErrors: [userError(code, message, field)] });

/**
 * Stock moving between any two locations. createTransfer holds the units at the source (the same
 * atomic hold as an order's: all lines or none, never beyond what is available; no channel's cap
 * applies), shipTransfer books the shipment at the source's system and moves the units into
 * transit at the destination, receiveTransfer books the receipt at the destination's system and
 * puts what arrived on hand there; a shortfall becomes a discrepancy. Every step is idempotent by
 * key per client, and safe to retry after a crash: the legacy systems book a repeat once, the
 * ledger ships a hold once and receives an event id once.
 *
 * A return's transfer (kind RETURN, written by the OMS's returns) takes the same steps, but its
 * goods are outside sellable stock (damaged, for refurbishment, for the vendor): it holds nothing,
 * moves no ledger quantity and books nothing at the WMS or POS, whose stock never counted them.
 */
export class TransferService {
  constructor(private readonly d: TransferServiceDeps) {}

  private now(): number { return (this.d.now ?? Date.now)(); }

  async create(input: CreateTransferInput, clientId: string | null): Promise<TransferOutcome> {
    await this.d.registry.refresh();
    const errors = this.validateCreate(input);
    if (errors.length) return { transfer: null, userErrors: errors };
    const fp = fingerprint({ from: input.fromLocationId, to: input.toLocationId, lines: input.lines });
    return this.idempotent('transfer:create', input.idempotencyKey, clientId, fp, async (key) => {
      // by key, the same id: a retry after a crash finds the transfer its first try wrote
      const id = `TR-${(key ? createHash('sha256').update(`transfer:${key}`).digest('hex') : randomBytes(8).toString('hex')).slice(0, 12).toUpperCase()}`;
      const existing = await this.d.transfers.get(id);
      if (existing && (await this.holdsLanded(existing))) return { transfer: existing, userErrors: [] };
      if (key) await this.releaseOrphans(id);
      const now = this.now();
      const actor = clientId ?? 'anonymous';
      let saving: Promise<unknown> = Promise.resolve();
      const result = await this.d.ledger.reserve({
        holdId: id, channel: 'RETAIL', lines: input.lines.map((l) => ({ sku: l.sku, locationId: input.fromLocationId, quantity: l.quantity })),
        ttlMs: this.d.holdTtlMs ?? DEFAULT_TRANSFER_HOLD_MS, reference: id, now, share: 1, extraBuffer: () => 0, actor,
        // the record goes out right behind the hold (one round trip on one connection): a crash
        // after the hold leaves the transfer that names it, and a retry finds both
        issued: (rs) => {
          saving = this.d.transfers.save({
            id, kind: 'STOCK', status: 'REQUESTED', fromLocationId: input.fromLocationId, toLocationId: input.toLocationId,
            lines: input.lines.map((l, i) => ({ sku: l.sku, quantity: l.quantity, received: null, reservationId: rs[i]!.id })),
            reference: null, createdBy: actor, createdAt: now, shippedAt: null, receivedAt: null, bookings: [],
          });
        },
      });
      await saving;
      if (!result.ok) {
        await this.d.transfers.delete(id);
        return {
          transfer: null,
          userErrors: result.shortages.map((s) => userError(ErrorCode.INSUFFICIENT_STOCK, `Only ${s.available} of ${s.requested} available for ${s.sku} at ${s.locationId}`, ['lines', s.index, 'quantity'])),
        };
      }
      return { transfer: await this.d.transfers.get(id), userErrors: [] };
    });
  }

  async ship(input: TransferActionInput, clientId: string | null): Promise<TransferOutcome> {
    const keyError = idempotencyKeyError(input.idempotencyKey);
    if (keyError) return { transfer: null, userErrors: [keyError] };
    return this.idempotent('transfer:ship', input.idempotencyKey, clientId, fingerprint({ id: input.transferId }), (_, retried) => this.locked(input.transferId, async (t) => {
      // a key whose first run died after the step was done (its answer never stored) gets the transfer as it is
      if (t.status !== 'REQUESTED' && retried) return { transfer: t, userErrors: [] };
      if (t.status !== 'REQUESTED') return refused(ErrorCode.INVALID_TRANSFER_STATE, `Transfer ${t.id} is ${t.status}: only a REQUESTED transfer ships`, ['transferId']);
      const holds = await this.d.ledger.getReservations(t.lines.flatMap((l) => (l.reservationId ? [l.reservationId] : [])));
      const lost = holds.find((r) => !r || (r.status !== 'ACTIVE' && r.status !== 'CONSUMED'));
      if (lost !== undefined) return refused(ErrorCode.RESERVATION_NOT_ACTIVE, `The hold of transfer ${t.id} at ${t.fromLocationId} is no longer active (${lost?.status ?? 'gone'})`, ['transferId']);
      const bookings = [...t.bookings];
      if (t.kind === 'STOCK') {
        const booked = await this.d.bookings.book(t, 'SHIP', t.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })));
        if (!booked.ok) return { transfer: null, userErrors: [booked.userError] };
        bookings.push(booked.booking);
      }
      const now = this.now();
      const actor = clientId ?? 'anonymous';
      for (const l of t.lines) if (l.reservationId) await this.d.ledger.shipTransfer(l.reservationId, t.toLocationId, t.id, now, actor);
      const shipped: TransferRecord = { ...t, status: 'SHIPPED', shippedAt: now, bookings };
      await this.d.transfers.save(shipped);
      return { transfer: shipped, userErrors: [] };
    }));
  }

  async receive(input: ReceiveTransferInput, clientId: string | null): Promise<TransferOutcome> {
    const keyError = idempotencyKeyError(input.idempotencyKey);
    if (keyError) return { transfer: null, userErrors: [keyError] };
    const fp = fingerprint({ id: input.transferId, lines: input.lines ?? null });
    return this.idempotent('transfer:receive', input.idempotencyKey, clientId, fp, (_, retried) => this.locked(input.transferId, async (t) => {
      if (t.status === 'RECEIVED' && retried) return { transfer: t, userErrors: [] };
      if (t.status !== 'SHIPPED') return refused(ErrorCode.INVALID_TRANSFER_STATE, `Transfer ${t.id} is ${t.status}: only a SHIPPED transfer is received`, ['transferId']);
      const wanted = this.receiptLines(t, input.lines);
      if ('userErrors' in wanted) return { transfer: null, userErrors: wanted.userErrors };
      // the first receipt asked for is the one every retry (or concurrent caller) carries out
      const receipt = await this.d.transfers.decideReceipt(t.id, { lines: wanted.lines, at: this.now(), actor: clientId ?? 'anonymous' });
      const arriving = receipt.lines.filter((l) => l.received > 0).map((l) => ({ sku: l.sku, quantity: l.received }));
      const bookings = [...t.bookings];
      if (arriving.length > 0 && t.kind === 'STOCK') {
        const booked = await this.d.bookings.book(t, 'RECEIVE', arriving);
        if (!booked.ok) return { transfer: null, userErrors: [booked.userError] };
        bookings.push(booked.booking);
      }
      const received = new Map(receipt.lines.map((l) => [l.sku, l.received]));
      for (const l of t.lines) {
        const got = received.get(l.sku) ?? 0;
        if (l.reservationId) {
          await this.d.ledger.receiveTransfer({ sku: l.sku, locationId: t.toLocationId, shipped: l.quantity, received: got, document: t.id, eventId: `${t.id}:${l.sku}`, now: receipt.at, actor: receipt.actor });
        }
        if (got < l.quantity) await this.recordShortage(t, l.sku, l.quantity, got, receipt.at);
      }
      const done: TransferRecord = { ...t, status: 'RECEIVED', receivedAt: receipt.at, bookings, lines: t.lines.map((l) => ({ ...l, received: received.get(l.sku) ?? 0 })) };
      await this.d.transfers.save(done);
      return { transfer: done, userErrors: [] };
    }));
  }

  /** A shortfall on receipt: the source's system says it shipped, the destination's that fewer came. */
  private async recordShortage(t: TransferRecord, sku: string, shipped: number, received: number, now: number): Promise<void> {
    const from = this.d.registry.location(t.fromLocationId);
    const to = this.d.registry.location(t.toLocationId);
    if (!from || !to) return;
    await this.d.discrepancies.record(sku, t.toLocationId, [
      { system: systemOfRecord(this.d.policy, from), quantity: shipped, asOf: t.shippedAt ?? now },
      { system: systemOfRecord(this.d.policy, to), quantity: received, asOf: now },
    ], now);
    this.d.logger.warn({ transfer: t.id, sku, shipped, received }, 'transfer received short');
  }

  private receiptLines(t: TransferRecord, lines: TransferLineInput[] | null | undefined): { lines: { sku: string; received: number }[] } | { userErrors: UserError[] } {
    if (!lines) return { lines: t.lines.map((l) => ({ sku: l.sku, received: l.quantity })) };
    const errors: UserError[] = [];
    const got = new Map<string, number>();
    lines.forEach((l, i) => {
      const shipped = t.lines.find((x) => x.sku === l.sku);
      if (!Number.isInteger(l.quantity) || l.quantity < 0 || l.quantity > limits.maxQuantity) errors.push(userError(ErrorCode.INVALID_QUANTITY, `Quantity must be a whole number from 0 to ${limits.maxQuantity}`, ['lines', i, 'quantity']));
      else if (!shipped) errors.push(userError(ErrorCode.OVER_RECEIPT, `Transfer ${t.id} shipped no ${l.sku}`, ['lines', i, 'sku']));
      else if ((got.get(l.sku) ?? 0) + l.quantity > shipped.quantity) errors.push(userError(ErrorCode.OVER_RECEIPT, `Receipt of ${(got.get(l.sku) ?? 0) + l.quantity} ${l.sku} exceeds the ${shipped.quantity} shipped`, ['lines', i, 'quantity']));
      else got.set(l.sku, (got.get(l.sku) ?? 0) + l.quantity);
    });
    if (errors.length) return { userErrors: errors };
    return { lines: t.lines.map((l) => ({ sku: l.sku, received: got.get(l.sku) ?? 0 })) };
  }

  private validateCreate(input: CreateTransferInput): UserError[] {
    const errors: UserError[] = [];
    const keyError = idempotencyKeyError(input.idempotencyKey);
    if (keyError) errors.push(keyError);
    if (!this.d.registry.location(input.fromLocationId)) errors.push(userError(ErrorCode.UNKNOWN_LOCATION, `No location ${input.fromLocationId}`, ['fromLocationId']));
    if (!this.d.registry.location(input.toLocationId)) errors.push(userError(ErrorCode.UNKNOWN_LOCATION, `No location ${input.toLocationId}`, ['toLocationId']));
    if (input.fromLocationId === input.toLocationId) errors.push(userError(ErrorCode.INVALID_INPUT, 'A transfer goes between two different locations', ['toLocationId']));
    if (input.lines.length === 0 || input.lines.length > limits.maxListItems) errors.push(userError(ErrorCode.INVALID_INPUT, `A transfer has 1 to ${limits.maxListItems} lines`, ['lines']));
    const seen = new Set<string>();
    input.lines.forEach((l, i) => {
      if (!this.d.registry.sku(l.sku)) errors.push(userError(ErrorCode.UNKNOWN_SKU, `No SKU ${l.sku}`, ['lines', i, 'sku']));
      else if (seen.has(l.sku)) errors.push(userError(ErrorCode.INVALID_INPUT, `${l.sku} is on more than one line`, ['lines', i, 'sku']));
      seen.add(l.sku);
      if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > limits.maxQuantity) errors.push(userError(ErrorCode.INVALID_QUANTITY, `Quantity must be a whole number from 1 to ${limits.maxQuantity}`, ['lines', i, 'quantity']));
    });
    return errors;
  }

  /**
   * A crash between a hold and the record written behind it leaves holds no transfer names. Their
   * lines on the transfer's own trail find them; the retry gives them back before it holds again.
   */
  private async releaseOrphans(id: string): Promise<void> {
    const ids = (await this.d.ledger.documentTrail(id, 1000))
      .filter((m) => m.reason === 'RESERVATION' && m.sourceEventId.startsWith('hold:'))
      .map((m) => m.sourceEventId.slice('hold:'.length));
    if (ids.length === 0) return;
    const now = this.now();
    for (const r of await this.d.ledger.getReservations(ids)) {
      if (r && r.status === 'ACTIVE' && r.holdId === id) await this.d.ledger.release(r.id, now, 'system:transfer-retry');
    }
  }

  /** every hold the transfer names was taken (a record a crash left behind a refused hold names none) */
  private async holdsLanded(t: TransferRecord): Promise<boolean> {
    const ids = t.lines.flatMap((l) => (l.reservationId ? [l.reservationId] : []));
    return (await this.d.ledger.getReservations(ids)).every((r) => r !== null);
  }

  /** One step of a transfer at a time, across processes (a lease in the store). */
  private async locked(id: string, run: (t: TransferRecord) => Promise<TransferOutcome>): Promise<TransferOutcome> {
    return withLease(this.d.kv, `transfer-lock:${id}`, async () => {
      const t = await this.d.transfers.get(id);
      return t ? run(t) : refused(ErrorCode.UNKNOWN_TRANSFER, `No transfer ${id}`, ['transferId']);
    });
  }

  /**
   * Runs a step once per (client, key): a retry gets the first answer, the same key with another
   * input is refused, and a step that threw lets a retry run it again.
   */
  private async idempotent(scope: string, key: string | null | undefined, clientId: string | null, fp: string, run: (key: string | null, retried: boolean) => Promise<TransferOutcome>): Promise<TransferOutcome> {
    const k = key ? clientKey(clientId, key) : null;
    let retried = false;
    if (k) {
      const claim = await this.d.idempotency.claim<TransferOutcome>(scope, k, fp);
      // taken over from a run that died holding the key (firstTry false): it may have done the step
      retried = claim.state === 'new' && !claim.firstTry;
      if (claim.state === 'mismatch') return refused(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used with another input', ['idempotencyKey']);
      if (claim.state === 'in_flight') return refused(ErrorCode.IDEMPOTENCY_IN_FLIGHT, 'A request with this idempotency key is still running', ['idempotencyKey']);
      if (claim.state === 'done') return claim.result;
    }
    try {
      const out = await run(k, retried);
      // a system that could not be reached changed nothing: the same key may try again
      if (k && out.userErrors.some((e) => e.code === ErrorCode.SOURCE_UNAVAILABLE)) await this.d.idempotency.abandon(scope, k);
      else if (k) await this.d.idempotency.complete(scope, k, fp, out);
      return out;
    } catch (err) {
      if (k) await this.d.idempotency.abandon(scope, k);
      throw err;
    }
  }
}
