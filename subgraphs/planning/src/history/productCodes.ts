// Stock codes: normalised to upper case (the export has `85123a` next to `85123A` for one item),
// and the codes that are not products (fees, postage, adjustments, vouchers) recognised so they
// never become demand. `DCGS…` codes are real items sold through the dotcom/eBay channel and stay.

export const NON_PRODUCT_CODES: ReadonlySet<string> = new Set([
  'POST', // postage
  'DOT', // dotcom postage
  'M', // manual (also written `m`)
  'C2', // carriage
  'D', // discount
  'S', // samples
  'BANK CHARGES',
  'AMAZONFEE',
  'CRUK', // charity commission
  'PADS', // pads to match all cushions, priced 0.001
  'B', // adjust bad debt
]);

const NON_PRODUCT_PREFIXES = ['GIFT_0001_']; // gift vouchers

export function normaliseStockCode(code: string): string {
  return code.trim().toUpperCase();
}

/** True for a normalised code that is a fee, charge, adjustment or voucher rather than an item. */
export function isNonProductCode(normalised: string, extra: ReadonlySet<string> = NON_PRODUCT_CODES): boolean {
  if (normalised === '' || extra.has(normalised)) return true;
  return NON_PRODUCT_PREFIXES.some((p) => normalised.startsWith(p));
}
