import type { Reply } from '../common/Reply';

/** Keys remembered before the oldest are forgotten. */
const MAX_KEYS = 100_000;

/** JSON with object keys sorted, so the same body in another key order is still the same body. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return '';
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export type IdempotencyOutcome = { kind: 'new' } | { kind: 'replay'; reply: Reply } | { kind: 'conflict' };

/**
 * Successful answers by Idempotency-Key. Refusals are not stored, so a request that failed
 * (say, a return before the goods shipped) can be retried with the same key once it is valid.
 */
export class IdempotencyStore {
  private entries = new Map<string, { fingerprint: string; reply: Reply }>();

  check(key: string, fingerprint: string): IdempotencyOutcome {
    const prior = this.entries.get(key);
    if (!prior) return { kind: 'new' };
    return prior.fingerprint === fingerprint ? { kind: 'replay', reply: prior.reply } : { kind: 'conflict' };
  }

  remember(key: string, fingerprint: string, reply: Reply): void {
    if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { fingerprint, reply });
  }

  clear(): void {
    this.entries.clear();
  }
}
