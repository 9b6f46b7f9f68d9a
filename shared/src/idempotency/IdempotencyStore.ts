import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../kv/KeyValueStore';

export type Claim<R> =
  /** `firstTry`: the key was free when this call first asked (nothing else ran under it in between) */
  | { state: 'new'; firstTry: boolean }
  | { state: 'done'; result: R }
  | { state: 'mismatch' }
  | { state: 'in_flight' };

interface Entry<R> { fp: string; state: 'in_flight' | 'done'; result?: R; at: number }

/** A stable fingerprint of a request's input: same input, same key → same answer. */
export function fingerprint(input: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v;
  return createHash('sha256').update(JSON.stringify(canonical(input))).digest('base64url');
}

/**
 * An idempotency key as stored: the caller's key within the calling client's own space, so two
 * clients that happen to pick the same key never share an answer (or see each other's ids).
 */
export function clientKey(clientId: string | null, key: string): string {
  return `${clientId ?? '-'}/${key}`;
}

/**
 * Idempotency keys for mutations, kept at least 24 h. The first caller claims the key (SET NX);
 * a concurrent duplicate waits for the first to finish and gets the same answer; the same key
 * with another input is refused.
 */
export class IdempotencyStore {
  constructor(
    private readonly kv: KeyValueStore,
    private readonly prefix = '',
    private readonly ttlMs = 24 * 3600_000,
    /** an in-flight claim older than this is taken to belong to a crashed process */
    private readonly inFlightTimeoutMs = 30_000,
  ) {}

  private key(scope: string, key: string): string { return `${this.prefix}idem:${scope}:${key}`; }

  async claim<R>(scope: string, key: string, fp: string, waitMs = 3000): Promise<Claim<R>> {
    const k = this.key(scope, key);
    const until = Date.now() + waitMs;
    for (let firstTry = true; ; firstTry = false) {
      const mine: Entry<R> = { fp, state: 'in_flight', at: Date.now() };
      if (await this.kv.set(k, JSON.stringify(mine), { ttlMs: this.ttlMs, ifAbsent: true })) return { state: 'new', firstTry };
      const raw = await this.kv.get(k);
      if (raw === null) continue; // expired between the two calls: try to claim again
      const e = JSON.parse(raw) as Entry<R>;
      if (e.fp !== fp) return { state: 'mismatch' };
      if (e.state === 'done') return { state: 'done', result: e.result as R };
      if (Date.now() - e.at > this.inFlightTimeoutMs) {
        await this.kv.del(k);
        continue;
      }
      if (Date.now() > until) return { state: 'in_flight' };
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async complete<R>(scope: string, key: string, fp: string, result: R): Promise<void> {
    const e: Entry<R> = { fp, state: 'done', result, at: Date.now() };
    await this.kv.set(this.key(scope, key), JSON.stringify(e), { ttlMs: this.ttlMs });
  }

  /** Gives the key up after a failure that changed nothing, so a retry may run. */
  async abandon(scope: string, key: string): Promise<void> {
    await this.kv.del(this.key(scope, key));
  }
}
