import type { Channel } from '@stockgraph/shared';
import { ErrorCode, userError, type UserError } from '@stockgraph/shared';
import type { CategoryPolicy } from './dispositionConfig';
import type { Disposition, ItemCondition } from './returnTypes';

export const RMA_STATUSES = ['REQUESTED', 'RECEIVED', 'INSPECTED', 'DISPOSED', 'REFUNDED', 'EXCHANGED'] as const;
export type RmaStatus = (typeof RMA_STATUSES)[number];

/** The only moves an RMA can make; REFUNDED and EXCHANGED end it. */
export const RMA_TRANSITIONS: Readonly<Record<RmaStatus, readonly RmaStatus[]>> = Object.freeze({
  REQUESTED: ['RECEIVED'],
  RECEIVED: ['INSPECTED'],
  INSPECTED: ['DISPOSED'],
  DISPOSED: ['REFUNDED', 'EXCHANGED'],
  REFUNDED: [],
  EXCHANGED: [],
});

export interface RmaLine {
  sku: string;
  quantity: number;
  condition: ItemCondition;
  orderLineNo?: number;
  /** what the units sold for (unit price × quantity): the base of the disposition yield */
  originalValue: number;
  disposition?: Disposition | null;
  expectedRecovery?: number | null;
  /** realised recovery once known; measures prefer it to expectedRecovery */
  recoveredValue?: number | null;
  /** handling + transport + refurbishment spent on the line */
  processingCost?: number | null;
}

export interface RmaRecord {
  id: string;
  orderId: string;
  /** where the goods were bought */
  channel: Channel;
  returnLocationId: string;
  status: RmaStatus;
  lines: RmaLine[];
  /** every status the RMA took, oldest first, with ms since epoch */
  history: { status: RmaStatus; at: number }[];
}

export type RmaResult = { ok: true; rma: RmaRecord } | { ok: false; userError: UserError };

export function createRma(fields: Omit<RmaRecord, 'status' | 'history'>, at: number): RmaRecord {
  return { ...fields, lines: fields.lines.map((l) => ({ ...l })), status: 'REQUESTED', history: [{ status: 'REQUESTED', at }] };
}

export function canTransition(from: RmaStatus, to: RmaStatus): boolean {
  return RMA_TRANSITIONS[from].includes(to);
}

export function isTerminal(status: RmaStatus): boolean {
  return RMA_TRANSITIONS[status].length === 0;
}

/**
 * Moves an RMA to `to` at `at`, returning a new record; refuses (as a userError on `status`) an
 * illegal move, a clock going backwards, and disposing of lines that have no disposition.
 */
export function transitionRma(rma: RmaRecord, to: RmaStatus, at: number): RmaResult {
  const refuse = (message: string): RmaResult => ({ ok: false, userError: userError(ErrorCode.INVALID_INPUT, message, ['status']) });
  if (!canTransition(rma.status, to)) {
    const allowed = RMA_TRANSITIONS[rma.status];
    return refuse(`RMA ${rma.id} cannot go from ${rma.status} to ${to}; ${allowed.length ? `allowed: ${allowed.join(', ')}` : `${rma.status} is final`}`);
  }
  const last = rma.history[rma.history.length - 1];
  if (!Number.isFinite(at) || (last && at < last.at)) {
    return refuse(`RMA ${rma.id}: time ${at} is before its last change at ${last?.at}`);
  }
  if (to === 'DISPOSED') {
    const missing = rma.lines.findIndex((l) => !l.disposition);
    if (missing >= 0) return refuse(`RMA ${rma.id}: line ${missing} has no disposition yet`);
  }
  return { ok: true, rma: { ...rma, status: to, history: [...rma.history, { status: to, at }] } };
}

/**
 * Records the chosen disposition of every line (aligned by index) of an inspected RMA; the
 * step before transitionRma(…, 'DISPOSED').
 */
export function withLineDispositions(
  rma: RmaRecord,
  decisions: readonly { disposition: Disposition; expectedRecovery: number; processingCost?: number }[],
): RmaResult {
  if (rma.status !== 'INSPECTED') {
    return { ok: false, userError: userError(ErrorCode.INVALID_INPUT, `RMA ${rma.id} is ${rma.status}; dispositions are set once INSPECTED`, ['status']) };
  }
  if (decisions.length !== rma.lines.length) {
    return { ok: false, userError: userError(ErrorCode.INVALID_INPUT, `RMA ${rma.id} has ${rma.lines.length} lines, got ${decisions.length} dispositions`, ['lines']) };
  }
  const lines = rma.lines.map((l, i) => ({
    ...l,
    disposition: decisions[i].disposition,
    expectedRecovery: decisions[i].expectedRecovery,
    processingCost: decisions[i].processingCost ?? l.processingCost ?? null,
  }));
  return { ok: true, rma: { ...rma, lines } };
}

/** When the RMA first reached `status`, or null. */
export function statusTime(rma: RmaRecord, status: RmaStatus): number | null {
  return rma.history.find((h) => h.status === status)?.at ?? null;
}

/**
 * Whether returned units in this condition go straight back to available-to-sell at the return
 * location: NEW always, OPENED when the category resells opened units (as new or as open-box),
 * and only where the category allows RESTOCK at all (hygiene lines may not).
 */
export function sellableNow(condition: ItemCondition, policy: Pick<CategoryPolicy, 'openedResale' | 'allowedDispositions'>): boolean {
  if (!policy.allowedDispositions.includes('RESTOCK')) return false;
  if (condition === 'NEW') return true;
  return condition === 'OPENED' && policy.openedResale !== 'NONE';
}
