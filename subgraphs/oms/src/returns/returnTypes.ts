// Return vocabulary. Enum values match the GraphQL contract (ItemCondition, Disposition); they
// live here until shared/src/domain.ts takes them.

export const ITEM_CONDITIONS = ['NEW', 'OPENED', 'DAMAGED', 'DEFECTIVE'] as const;
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];

export const DISPOSITIONS = ['RESTOCK', 'REFURBISH', 'LIQUIDATE', 'DESTROY', 'RETURN_TO_VENDOR'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * When two options recover the same amount to the penny, the earlier one here wins: keep the
 * unit in the network (RESTOCK), then a credit that is certain (RETURN_TO_VENDOR), then work whose
 * outcome is uncertain (REFURBISH), then selling off, then destruction.
 */
export const DISPOSITION_TIE_BREAK: readonly Disposition[] = ['RESTOCK', 'RETURN_TO_VENDOR', 'REFURBISH', 'LIQUIDATE', 'DESTROY'];

/**
 * Money to 2 decimals, half away from zero. toPrecision first so that 1.005 (stored as
 * 1.00499999…) rounds the way a person reading it expects.
 */
export function roundMoney(x: number): number {
  return toCents(x) / 100;
}

/** Whole minor units; comparisons in cents keep float noise out of tie-breaks. */
export function toCents(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite amount: ${x}`);
  const cents = Math.round(Number((Math.abs(x) * 100).toPrecision(12)));
  return cents === 0 ? 0 : Math.sign(x) * cents;
}

export function formatMoney(x: number): string {
  return roundMoney(x).toFixed(2);
}
