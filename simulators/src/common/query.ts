import { badRequest } from './HttpError';

/** Query-string readers that answer 400 for anything malformed, as the protocol asks. */
export function intParam(q: URLSearchParams, name: string, def: number, min: number, max: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return def;
  if (!/^-?\d+$/.test(raw)) throw badRequest(`${name} must be an integer`);
  const n = Number(raw);
  if (n < min || n > max) throw badRequest(`${name} must be between ${min} and ${max}`);
  return n;
}

export function requiredParam(q: URLSearchParams, name: string): string {
  const raw = q.get(name);
  if (raw === null || raw === '') throw badRequest(`${name} is required`);
  return raw;
}

export function enumParam<T extends string>(q: URLSearchParams, name: string, allowed: readonly T[]): T | null {
  const raw = q.get(name);
  if (raw === null || raw === '') return null;
  if (!(allowed as readonly string[]).includes(raw)) throw badRequest(`${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}
