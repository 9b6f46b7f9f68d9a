import { ITEM_CONDITIONS, DISPOSITION_TIE_BREAK, formatMoney, roundMoney, toCents, type Disposition, type ItemCondition } from './returnTypes';
import { policyFor, type DispositionConfig } from './dispositionConfig';
import { evaluateOptions, type DispositionLineInput, type DispositionNetwork, type Option } from './dispositionOptions';

export type { DispositionLineInput, DispositionNetwork, DispositionSite, VendorTerms } from './dispositionOptions';

export interface DispositionAlternative {
  disposition: Disposition;
  /** for the whole line, money to 2 decimals */
  expectedRecovery: number;
  targetLocationId: string;
}

export interface DispositionDecision {
  sku: string;
  quantity: number;
  condition: ItemCondition;
  disposition: Disposition;
  /** net of handling, transport and refurbishment, for the whole line, 2 decimals */
  expectedRecovery: number;
  /** handling + transport + refurbishment of the chosen action for the whole line, 2 decimals */
  processingCost: number;
  /** why: the chosen option's arithmetic, the runner-up and its value, any tie, what was excluded */
  reasons: string[];
  /** the other feasible options, best first */
  alternatives: DispositionAlternative[];
  /** where the goods must go: the return location itself for RESTOCK and DESTROY */
  targetLocationId: string;
  transferRequired: boolean;
}

interface Ranked { option: Option; cents: number }

/**
 * Highest expected recovery for the whole line, compared in pence. Equal pence: the earlier in
 * DISPOSITION_TIE_BREAK wins (RESTOCK, RETURN_TO_VENDOR, REFURBISH, LIQUIDATE, DESTROY). Each
 * disposition has exactly one site (the nearest, ties by id), so no further tie-break is needed.
 */
function rank(a: Ranked, b: Ranked): number {
  if (a.cents !== b.cents) return b.cents - a.cents;
  return DISPOSITION_TIE_BREAK.indexOf(a.option.disposition) - DISPOSITION_TIE_BREAK.indexOf(b.option.disposition);
}

function checkLine(line: DispositionLineInput): void {
  const bad = (what: string) => {
    throw new RangeError(`disposition of ${line.sku}: ${what}`);
  };
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) bad(`quantity must be a positive integer, got ${line.quantity}`);
  if (!ITEM_CONDITIONS.includes(line.condition)) bad(`unknown condition ${String(line.condition)}`);
  for (const [k, v] of [['unitCost', line.unitCost], ['unitPrice', line.unitPrice], ['daysSinceSale', line.daysSinceSale]] as const) {
    if (!Number.isFinite(v) || v < 0) bad(`${k} must be a finite number ≥ 0, got ${v}`);
  }
  const v = line.vendor;
  if (v && (!Number.isFinite(v.creditPctOfCost) || v.creditPctOfCost < 0 || v.creditPctOfCost > 100)) bad(`vendor credit must be 0–100%, got ${v.creditPctOfCost}`);
  if (v && (!Number.isFinite(v.windowDays) || v.windowDays < 0)) bad(`vendor window must be ≥ 0 days, got ${v.windowDays}`);
}

/**
 * Chooses what to do with one returned line: the feasible action with the highest expected
 * recovery. Throws RangeError on inputs no validated return can produce (programming errors).
 */
export function decideDisposition(line: DispositionLineInput, network: DispositionNetwork, config: DispositionConfig): DispositionDecision {
  checkLine(line);
  const policy = policyFor(config, line.category);
  const { options, excluded } = evaluateOptions(line, policy, network);
  const ranked = options.map((option) => ({ option, cents: toCents(option.net * line.quantity) })).sort(rank);
  const [best, second] = ranked;
  const total = (r: Ranked) => r.cents / 100;

  const reasons: string[] = [best.option.explain + (line.quantity > 1 ? `; × ${line.quantity} = ${formatMoney(total(best))}` : '')];
  if (second) {
    const gap = (best.cents - second.cents) / 100;
    reasons.push(
      gap === 0
        ? `tied with ${second.option.disposition} at ${formatMoney(total(second))}; tie-break order ${DISPOSITION_TIE_BREAK.join(' > ')}`
        : `runner-up ${second.option.disposition} at ${second.option.site.id}: ${formatMoney(total(second))}, ${formatMoney(gap)} less`,
    );
  } else {
    reasons.push('no runner-up: every other action is excluded');
  }
  for (const e of excluded) reasons.push(`${e.disposition} excluded: ${e.why}`);

  const o = best.option;
  return {
    sku: line.sku,
    quantity: line.quantity,
    condition: line.condition,
    disposition: o.disposition,
    expectedRecovery: total(best),
    processingCost: roundMoney((o.handling + o.transport + o.refurbish) * line.quantity),
    reasons,
    alternatives: ranked.slice(1).map((r) => ({ disposition: r.option.disposition, expectedRecovery: total(r), targetLocationId: r.option.site.id })),
    targetLocationId: o.site.id,
    transferRequired: o.site.id !== network.returnLocation.id,
  };
}

/** Decides every line of a return, in order. */
export function decideDispositions(lines: readonly DispositionLineInput[], network: DispositionNetwork, config: DispositionConfig): DispositionDecision[] {
  return lines.map((line) => decideDisposition(line, network, config));
}
