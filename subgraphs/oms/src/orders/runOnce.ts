import { userError, type UserError } from '@stockgraph/shared';
import type { IdempotencyStore } from '@stockgraph/shared/idempotency';

export interface OnceOptions<R, P> {
  /** what the mutation records, for messages ("return", "cancellation") */
  what: string;
  run: () => Promise<P>;
  /** what to keep under the key from a payload, or null when it recorded nothing (the key is given back) */
  keep: (p: P) => R | null;
  /** the payload of an earlier run, from what it kept */
  replay: (r: R) => Promise<P>;
  refuse: (e: UserError) => P;
}

/**
 * A mutation run once per idempotency key (none: run as is): a replay answers what the first run
 * recorded, the same key with another input or while the first run is in flight is refused, and a
 * run that recorded nothing or failed gives the key back for a retry.
 */
export async function runOnce<R, P>(idempotency: IdempotencyStore, scope: string, key: string | null, fp: string, o: OnceOptions<R, P>): Promise<P> {
  if (!key) return o.run();
  const claim = await idempotency.claim<R>(scope, key, fp);
  if (claim.state === 'mismatch') return o.refuse(userError('IDEMPOTENCY_KEY_REUSED', `This idempotency key was used with another ${o.what}`, ['idempotencyKey']));
  if (claim.state === 'in_flight') return o.refuse(userError('IDEMPOTENCY_IN_FLIGHT', `A ${o.what} with this idempotency key is still being recorded`, ['idempotencyKey']));
  if (claim.state === 'done') return o.replay(claim.result);
  try {
    const out = await o.run();
    const kept = o.keep(out);
    if (kept !== null) await idempotency.complete(scope, key, fp, kept);
    else await idempotency.abandon(scope, key);
    return out;
  } catch (err) {
    await idempotency.abandon(scope, key);
    throw err;
  }
}
