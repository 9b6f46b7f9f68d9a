import type { Logger } from '../logger';
import type { DiscrepancyStore } from './DiscrepancyStore';

/**
 * A cycle count's request id names the discrepancy it answers and when it was asked, so the
 * count that comes back through a feed (WMS COUNT delta, POS COUNT transaction) finds its
 * discrepancy without another index, and a count asked for an earlier, resolved round of the
 * same position closes nothing. At most 64 characters, which both legacy systems accept.
 */
export function countRefFor(discrepancyId: string, now: number): string {
  return `${discrepancyId}:${now.toString(36)}`;
}

export function discrepancyIdOfCountRef(ref: string): string | null {
  const cut = ref.lastIndexOf(':');
  return cut > 0 ? ref.slice(0, cut) : null;
}

/** When a count was asked for (ms), from its request id; null for a ref made elsewhere. */
export function requestedAtOfCountRef(ref: string): number | null {
  const t = parseInt(ref.slice(ref.lastIndexOf(':') + 1), 36);
  return Number.isSafeInteger(t) ? t : null;
}

/** What a feed calls with every count it applied (see WmsFeed / PosFeed `onCount`). */
export type OnCount = (sku: string, locationId: string, ref: string | null, counted: number, at: number) => Promise<void>;

/**
 * Closes the discrepancy a count answers: the ledger already took the counted figure with
 * reason COUNT; this records the figure and marks the discrepancy RESOLVED. A count for another
 * request, position or round is left alone (a store may count on its own initiative).
 */
export function closeDiscrepancyOnCount(discrepancies: DiscrepancyStore, logger: Logger): OnCount {
  return async (sku, locationId, ref, counted, at) => {
    const id = ref ? discrepancyIdOfCountRef(ref) : null;
    if (!id) return;
    const d = await discrepancies.get(id);
    if (!d || d.status !== 'COUNT_REQUESTED' || d.countRef !== ref || d.sku !== sku || d.locationId !== locationId) return;
    await discrepancies.update(id, { status: 'RESOLVED', counted, resolvedAt: at });
    logger.info({ discrepancy: id, counted }, 'discrepancy closed by count');
  };
}
