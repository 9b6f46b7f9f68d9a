import { badUserInput, userError, type UserError } from './errors';
import { isValidGeoPoint } from './geo';
import type { GeoPoint } from './domain';

/**
 * Checks where input enters the graph: ids, quantities, coordinates, list sizes. A bad value is
 * a BAD_USER_INPUT GraphQL error here, before any store or legacy system is touched.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export const limits = { maxListItems: 100, maxPageSize: 100, maxRadiusKm: 1000, maxQuantity: 10_000 };

export function assertId(value: string, what: string): string {
  if (!ID_PATTERN.test(value)) throw badUserInput(`${what} is not a valid id`, { field: what });
  return value;
}

export function assertIds(values: readonly string[], what: string, max = limits.maxListItems): readonly string[] {
  if (values.length > max) throw badUserInput(`${what}: at most ${max} items`, { field: what });
  for (const v of values) assertId(v, what);
  return values;
}

export function assertPageSize(first: number | null | undefined, def = 20, max = limits.maxPageSize): number {
  const n = first ?? def;
  if (!Number.isInteger(n) || n < 0 || n > max) throw badUserInput(`first must be between 0 and ${max}`, { field: 'first' });
  return n;
}

export function assertGeo(p: GeoPoint | null | undefined, what = 'near'): GeoPoint | null {
  if (p == null) return null;
  if (!isValidGeoPoint(p)) throw badUserInput(`${what} must have lat in [-90, 90] and lng in [-180, 180]`, { field: what });
  return p;
}

export function assertRadius(r: number | null | undefined): number | null {
  if (r == null) return null;
  if (!Number.isFinite(r) || r <= 0 || r > limits.maxRadiusKm) throw badUserInput(`radiusKm must be in (0, ${limits.maxRadiusKm}]`, { field: 'radiusKm' });
  return r;
}

/** Opaque paging cursors: base64 of a prefix and a key. */
export function encodeCursor(kind: string, key: string): string {
  return Buffer.from(`${kind}:${key}`, 'utf8').toString('base64url');
}
export function decodeCursor(kind: string, cursor: string | null | undefined): string | null {
  if (cursor == null) return null;
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith(`${kind}:`)) throw badUserInput('after is not a valid cursor', { field: 'after' });
  return raw.slice(kind.length + 1);
}

/** Idempotency keys, reservation/shipment/order references a mutation accepts. */
export const KEY_PATTERN = /^[\w.:-]{1,128}$/;

/** The userError for a malformed idempotency key, or null when it is absent or well formed. */
export function idempotencyKeyError(key: string | null | undefined): UserError | null {
  return key != null && !KEY_PATTERN.test(key) ? userError('INVALID_INPUT', 'idempotencyKey: 1–128 letters, digits, . : _ -', ['idempotencyKey']) : null;
}
