import { ErrorCode, LegacyError, userError, type Logger, type UserError } from '@stockgraph/shared';
import type { Registry } from '@stockgraph/shared/registry';
import type { Discrepancy, DiscrepancyStore } from '@stockgraph/shared/reconcile';
import { countRefFor, requestedAtOfCountRef } from '@stockgraph/shared/reconcile';
import { systemOfRecord, type ReconcilePolicy } from '@stockgraph/shared/reconcile';
import type { WmsClient } from '@stockgraph/wms';
import type { PosClient } from '@stockgraph/pos';

export interface CountRequestResult { discrepancy: Discrepancy | null; userErrors: UserError[] }

const refusal = (discrepancy: Discrepancy | null, code: ErrorCode, message: string): CountRequestResult =>
  ({ discrepancy, userErrors: [userError(code, message, ['discrepancyId'])] });

/**
 * Asks the location's system of record (the reconcile policy's: by default the WMS for a DC, the
 * store's POS for a store) to count a disputed position. The count comes back later through that system's feed, sets the
 * ledger with reason COUNT and closes the discrepancy (closeDiscrepancyOnCount).
 */
export class CycleCountRequests {
  constructor(private readonly d: {
    discrepancies: DiscrepancyStore; registry: Registry; logger: Logger;
    /** the system of record of the location is the one asked to count */
    policy: ReconcilePolicy;
    clients: { wms: WmsClient; pos: PosClient };
    /** a count not back after this long is taken as lost and may be asked for again */
    recountAfterMs: number;
  }) {}

  async request(discrepancyId: string, now = Date.now()): Promise<CountRequestResult> {
    const d = await this.d.discrepancies.get(discrepancyId);
    if (!d) return refusal(null, ErrorCode.UNKNOWN_DISCREPANCY, `No discrepancy ${discrepancyId}`);
    if (d.status === 'RESOLVED') return refusal(d, ErrorCode.ALREADY_RESOLVED, 'The discrepancy is already resolved');
    // a count is on its way: asking again would only count twice, unless it looks lost
    const askedAt = d.countRef ? requestedAtOfCountRef(d.countRef) : null;
    if (d.status === 'COUNT_REQUESTED' && askedAt !== null && now - askedAt < this.d.recountAfterMs) return { discrepancy: d, userErrors: [] };

    await this.d.registry.refresh();
    const loc = this.d.registry.location(d.locationId);
    const system = loc ? systemOfRecord(this.d.policy, loc) : 'POS';
    // only the WMS and the POS take count requests
    if (system !== 'WMS' && system !== 'POS') return refusal(d, ErrorCode.COUNT_REFUSED, `The ${system} takes no count requests`);
    const place = this.d.registry.locationCode(d.locationId, system);
    const item = this.d.registry.localCode(d.sku, system);
    if (!loc || !place || !item) {
      return refusal(d, ErrorCode.NO_LOCAL_CODE, `The ${system} has no code for ${d.sku} at ${d.locationId}, so it cannot be asked to count it`);
    }
    // Marked before asking: the count can come back before the request call returns.
    const ref = countRefFor(d.id, now);
    const marked = await this.d.discrepancies.update(d.id, { status: 'COUNT_REQUESTED', countRef: ref });
    try {
      if (system === 'WMS') await this.d.clients.wms.requestCycleCount(place, item, ref);
      else await this.d.clients.pos.requestCount(place, item, ref);
    } catch (err) {
      const reverted = await this.d.discrepancies.update(d.id, { status: 'OPEN', countRef: null });
      this.d.logger.warn({ discrepancy: d.id, system, err: (err as Error).message }, 'cycle count request failed');
      // the feeds own the system's health flag: a refused request says nothing about reachability
      return err instanceof LegacyError && !err.retryable
        ? refusal(reverted, ErrorCode.COUNT_REFUSED, `The ${system} refused the count request`)
        : refusal(reverted, ErrorCode.SOURCE_UNAVAILABLE, `The ${system} could not be reached to ask for a count; try again later`);
    }
    this.d.logger.info({ discrepancy: d.id, system, ref }, 'cycle count requested');
    return { discrepancy: marked, userErrors: [] };
  }
}
