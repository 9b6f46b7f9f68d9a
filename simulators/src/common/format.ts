/** Wire formats for dates and numbers the legacy systems use. */

/** '2026-11-20' or a full ISO time → '20261120' (SAP DATS). */
export function erpDate(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, '');
}

/** ISO time → '20261126T020000' (the ERP batch stamp, UTC). */
export function erpTimestamp(iso: string): string {
  return iso.slice(0, 19).replace(/[-:]/g, '');
}

/** Decimal string with fixed places, as SAP renders quantities and amounts. */
export function decimal(n: number, places: number): string {
  return n.toFixed(places);
}

/** ISO 8601 UTC to the second: '2026-11-26T10:01:02Z' (the WMS style). */
export function isoSeconds(ms: number | string): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
