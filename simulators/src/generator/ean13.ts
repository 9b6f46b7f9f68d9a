/** GS1 check digit for the first 12 digits of an EAN-13: weights 1,3,1,3… from the left. */
export function ean13CheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new Error(`EAN-13 body must be 12 digits, got "${first12}"`);
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(code: string): boolean {
  return /^\d{13}$/.test(code) && ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/** Builds a full EAN-13 from a GS1 company prefix (e.g. "5012345") and an item reference. */
export function makeEan13(companyPrefix: string, itemRef: number): string {
  const refDigits = 12 - companyPrefix.length;
  const ref = String(itemRef).padStart(refDigits, '0');
  if (ref.length !== refDigits) throw new Error(`item reference ${itemRef} does not fit after prefix ${companyPrefix}`);
  const body = companyPrefix + ref;
  return body + String(ean13CheckDigit(body));
}
