import { userError, type UserError } from '@stockgraph/shared';
import { clientKey, type Claim, type IdempotencyStore } from '@stockgraph/shared/idempotency';
import type { RoutingPlan } from '../routing';
import type { ShipmentRecord } from './OrderStore';
import type { RouteOrderInput } from './validateRouteInput';

/** What a finished routeOrder leaves under its keys: the order it recorded, or the plan it answered. */
export interface RouteOutcome { orderId: string | null; plan: RoutingPlan | null; shipments?: ShipmentRecord[] }

interface Key { scope: string; key: string; field: 'idempotencyKey' | 'orderId' }

export type RouteClaim =
  /** `firstTry`: every key was free when first asked, so nothing ran under them since the claim was sent */
  | { state: 'new'; keys: Key[]; firstTry: boolean }
  | { state: 'done'; outcome: RouteOutcome }
  | { state: 'refused'; userErrors: UserError[] };

/**
 * The keys one routeOrder runs under: the caller's idempotency key, and its order reference.
 * The reference is an order's identity too: a retry that sends the same order without a key,
 * or with a fresh key, must not hold and write a second order. Both are claimed before any
 * stock moves; a finished run is replayed under either.
 */
export class RouteClaims {
  constructor(private readonly idempotency: IdempotencyStore) {}

  /** `clientId` scopes both: an orderId is unique per client, and so is a key */
  async claim(input: RouteOrderInput, fp: string, clientId: string | null = null): Promise<RouteClaim> {
    const wanted: Key[] = [];
    if (input.idempotencyKey) wanted.push({ scope: 'routeOrder', key: clientKey(clientId, input.idempotencyKey), field: 'idempotencyKey' });
    if (input.orderId) wanted.push({ scope: 'routeOrder:orderId', key: clientKey(clientId, input.orderId), field: 'orderId' });
    // all keys asked for at once, without waiting (one round trip, sent before whatever the caller reads next)
    const claims = await Promise.all(wanted.map((k) => this.idempotency.claim<RouteOutcome>(k.scope, k.key, fp, 0)));
    if (!claims.some((c) => c.state === 'in_flight')) return this.settle(wanted, claims, fp, claims.every((c) => c.state === 'new' && c.firstTry));
    // Another request holds a key. It may be the same order sent to another gateway at once that
    // won the other key (on a Cluster the two keys live on different nodes) and now waits for
    // ours: give back what we took, then take the keys one after the other, always in the same
    // order, each waiting for its holder to finish, so two requests never wait for each other.
    await this.abandon(wanted.filter((_, i) => claims[i]!.state === 'new'));
    const inOrder: Claim<RouteOutcome>[] = [];
    for (const k of wanted) {
      const c = await this.idempotency.claim<RouteOutcome>(k.scope, k.key, fp);
      inOrder.push(c);
      if (c.state !== 'new') break;
    }
    return this.settle(wanted, inOrder, fp, false);
  }

  /** The claims of `wanted` (in its order, possibly fewer): a run, a replay, or a refusal. */
  private async settle(wanted: readonly Key[], claims: readonly Claim<RouteOutcome>[], fp: string, firstTry: boolean): Promise<RouteClaim> {
    const taken = wanted.filter((_, i) => claims[i]?.state === 'new');
    for (let i = 0; i < claims.length; i++) {
      const k = wanted[i]!;
      const c = claims[i]!;
      if (c.state === 'new') continue;
      if (c.state === 'done') {
        // the same order under another (or no) key: answer it under this key too
        await this.complete(taken, fp, c.result);
        return { state: 'done', outcome: c.result };
      }
      await this.abandon(taken);
      if (c.state === 'mismatch') {
        const what = k.field === 'orderId' ? 'This order reference was routed with another input' : 'This idempotency key was used with another order';
        return { state: 'refused', userErrors: [userError('IDEMPOTENCY_KEY_REUSED', what, [k.field])] };
      }
      return { state: 'refused', userErrors: [userError('IDEMPOTENCY_IN_FLIGHT', 'An order with this idempotency key or reference is still being routed', [k.field])] };
    }
    return { state: 'new', keys: taken, firstTry };
  }

  /**
   * Records the outcome under the keys. An answer that recorded no order (nothing to ship, or a
   * plan without holds) changed nothing: the order reference is given back so the order can be
   * routed again when stock arrives; a caller's own key replays the answer it got.
   */
  async complete(keys: readonly Key[], fp: string, outcome: RouteOutcome): Promise<void> {
    for (const k of keys) {
      if (outcome.orderId === null && k.field === 'orderId') await this.idempotency.abandon(k.scope, k.key);
      else await this.idempotency.complete(k.scope, k.key, fp, outcome);
    }
  }

  async abandon(keys: readonly Key[]): Promise<void> {
    for (const k of keys) await this.idempotency.abandon(k.scope, k.key);
  }
}
