import { randomUUID } from 'node:crypto';
import { userError, type Channel, type Logger, type Reservation, type StockLedger, type UserError } from '@stockgraph/shared';
import type { ChannelPolicies } from '@stockgraph/shared/availability';
import { clientKey, fingerprint, IdempotencyStore } from '@stockgraph/shared/idempotency';
import type { Registry } from '@stockgraph/shared/registry';
import { validateHoldLines, type HoldLine } from './validateLines';
import { idempotencyKeyError } from '@stockgraph/shared/validation';

export interface HoldInput { channel: Channel; lines: HoldLine[]; ttlSeconds?: number | null; idempotencyKey?: string | null; reference?: string | null }
export interface HoldOutcome { reservations: Reservation[]; userErrors: UserError[] }

export const DEFAULT_TTL_SECONDS = 900;
export const MAX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Holds stock for a cart or an order: every line or none, atomically against the ledger, and
 * idempotent by key (a retry never holds twice; the same key with another input is refused).
 */
export class HoldService {
  constructor(
    private readonly deps: { ledger: StockLedger; registry: Registry; idempotency: IdempotencyStore; policies: ChannelPolicies; logger: Logger; now?: () => number },
  ) {}

  private now(): number { return (this.deps.now ?? Date.now)(); }

  async reserve(input: HoldInput, clientId: string | null = null): Promise<HoldOutcome> {
    const { registry } = this.deps;
    await registry.refresh();
    const errors = validateHoldLines(input.lines, input.channel, registry, this.deps.policies);
    const ttl = input.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) errors.push(userError('INVALID_INPUT', `ttlSeconds must be from 1 to ${MAX_TTL_SECONDS}`, ['ttlSeconds']));
    const keyError = idempotencyKeyError(input.idempotencyKey);
    if (keyError) errors.push(keyError);
    if (input.reference != null && input.reference.length > 128) errors.push(userError('INVALID_INPUT', 'reference: at most 128 characters', ['reference']));
    if (errors.length) return { reservations: [], userErrors: errors };

    const key = input.idempotencyKey ? clientKey(clientId, input.idempotencyKey) : null;
    const fp = fingerprint({ channel: input.channel, lines: input.lines, ttl, reference: input.reference ?? null });
    if (key) {
      const claim = await this.deps.idempotency.claim<{ ids: string[]; userErrors: UserError[] }>('reserve', key, fp);
      if (claim.state === 'mismatch') return { reservations: [], userErrors: [userError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used with another input', ['idempotencyKey'])] };
      if (claim.state === 'in_flight') return { reservations: [], userErrors: [userError('IDEMPOTENCY_IN_FLIGHT', 'A request with this idempotency key is still running', ['idempotencyKey'])] };
      if (claim.state === 'done') {
        const found = await this.deps.ledger.getReservations(claim.result.ids);
        return { reservations: found.filter((r): r is Reservation => r !== null), userErrors: claim.result.userErrors };
      }
    }
    try {
      const policy = this.deps.policies[input.channel];
      const result = await this.deps.ledger.reserve({
        holdId: `H-${randomUUID()}`,
        channel: input.channel,
        lines: input.lines,
        ttlMs: ttl * 1000,
        reference: input.reference ?? null,
        now: this.now(),
        extraBuffer: () => policy.unitBuffer,
        share: policy.share,
        actor: clientId ?? undefined,
      });
      const outcome: HoldOutcome = result.ok
        ? { reservations: result.reservations, userErrors: [] }
        : {
            reservations: [],
            userErrors: result.shortages.map((s) =>
              userError('INSUFFICIENT_STOCK', `Only ${s.available} of ${s.requested} available for ${s.sku} at ${s.locationId}`, ['lines', s.index, 'quantity'])),
          };
      if (key) await this.deps.idempotency.complete('reserve', key, fp, { ids: outcome.reservations.map((r) => r.id), userErrors: outcome.userErrors });
      return outcome;
    } catch (err) {
      // nothing was held (the ledger writes all lines or none): let a retry run
      if (key) await this.deps.idempotency.abandon('reserve', key);
      throw err;
    }
  }

  /**
   * `mayRelease` says whether the caller may touch this reservation; one it may not is answered
   * exactly like one that does not exist.
   */
  async release(id: string, mayRelease: (r: Reservation) => boolean = () => true): Promise<{ reservation: Reservation | null; userErrors: UserError[] }> {
    const unknown = { reservation: null, userErrors: [userError('UNKNOWN_RESERVATION', 'Unknown reservation', ['id'])] };
    if (!/^[\w.:{}-]{1,128}$/.test(id)) return unknown;
    const [current] = await this.deps.ledger.getReservations([id]).catch(() => [null]);
    if (!current || !mayRelease(current)) return unknown;
    const t = await this.deps.ledger.release(id, this.now());
    if (t.ok) return { reservation: t.reservation, userErrors: [] };
    if (!t.reservation) return { reservation: null, userErrors: [userError('UNKNOWN_RESERVATION', 'Unknown reservation', ['id'])] };
    return { reservation: t.reservation, userErrors: [userError('RESERVATION_NOT_ACTIVE', `The reservation is ${t.reservation.status}`, ['id'])] };
  }
}
