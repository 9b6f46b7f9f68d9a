import type { LocationType, SourceSystem } from '../domain';
import type { Logger } from '../logger';
import type { SnapshotEntry, StockLedger } from '../ledger/StockLedger';
import type { DiscrepancyStore } from './DiscrepancyStore';

export interface ReconcilePolicy {
  /** the system of record for on hand, per location type */
  winner: Record<LocationType, SourceSystem>;
  /** differences up to this many units are not worth a discrepancy */
  toleranceUnits: number;
}

export const DEFAULT_RECONCILE_POLICY: ReconcilePolicy = {
  winner: { DISTRIBUTION_CENTER: 'WMS', STORE: 'POS' },
  toleranceUnits: 0,
};

export interface ReconcileSummary { loaded: number; unchanged: number; stale: number; discrepancies: number }

/**
 * Brings one system's snapshot into the ledger. A position the ledger does not hold yet is
 * loaded; one it holds is compared: beyond the tolerance a discrepancy is recorded with each
 * system's figure and time, and only the location type's system of record may move the figure.
 */
export class SnapshotReconciler {
  constructor(
    private readonly deps: {
      ledger: StockLedger;
      discrepancies: DiscrepancyStore;
      policy: ReconcilePolicy;
      locationType: (locationId: string) => LocationType | undefined;
      logger: Logger;
    },
  ) {}

  async reconcile(system: SourceSystem, entries: readonly SnapshotEntry[], now = Date.now()): Promise<ReconcileSummary> {
    const { ledger, discrepancies, policy } = this.deps;
    const summary: ReconcileSummary = { loaded: 0, unchanged: 0, stale: 0, discrepancies: 0 };
    const current = await ledger.getPositions(entries);
    const toLoad: SnapshotEntry[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const p = current[i];
      const type = this.deps.locationType(e.locationId);
      const isWinner = type !== undefined && policy.winner[type] === system;
      if (!p) {
        if (isWinner) toLoad.push(e);
        continue;
      }
      if (p.onHand === e.onHand) { summary.unchanged++; continue; }
      // a winner's snapshot older than the ledger's figure is history; another system's older
      // figure still shows a disagreement worth a look (its time is kept with it)
      if (isWinner && p.asOf > e.at) { summary.stale++; continue; }
      if (Math.abs(p.onHand - e.onHand) > policy.toleranceUnits) {
        const ledgerSystem = (p.source === 'LEDGER' ? policy.winner[type ?? 'STORE'] : p.source) as SourceSystem;
        await discrepancies.record(e.sku, e.locationId, [
          { system: ledgerSystem, quantity: p.onHand, asOf: p.asOf },
          { system, quantity: e.onHand, asOf: e.at },
        ], now);
        summary.discrepancies++;
      }
      if (isWinner) toLoad.push(e);
    }
    if (toLoad.length) {
      const outcomes = await ledger.loadSnapshot(toLoad);
      for (const o of outcomes) if (o === 'APPLIED') summary.loaded++; else summary.stale++;
    }
    this.deps.logger.debug({ system, ...summary }, 'snapshot reconciled');
    return summary;
  }
}
