import { randomUUID } from 'node:crypto';

/** Letters, digits and `._:-` only: an id we echo into logs and headers cannot inject lines. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}
