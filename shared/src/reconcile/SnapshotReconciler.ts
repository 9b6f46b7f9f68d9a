import { z } from 'zod';
import { LOCATION_TYPES, SOURCE_SYSTEMS, type Location, type LocationType, type Position, type SourceSystem } from '../domain';
import type { Logger } from '../logger';
import type { SnapshotEntry, StockLedger } from '../ledger/StockLedger';
import type { DiscrepancyStore } from './DiscrepancyStore';

const HISTORY_PAGE = 200;
/** beyond this many movements since the snapshot the older ones are not walked (the history keeps 500) */
const MAX_HISTORY_PAGES = 3;

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

/**
 * RECONCILE_POLICY (JSON), over the default: e.g. `{"winner":{"STORE":"WMS"},"toleranceUnits":2}`.
 * Every reader of the system of record takes it from here: the reconciler, the stale flags, cycle counts.
 */
export function parseReconcilePolicy(json: string | undefined): ReconcilePolicy {
  if (!json) return DEFAULT_RECONCILE_POLICY;
  const o = z.object({
    winner: z.record(z.enum(LOCATION_TYPES), z.enum(SOURCE_SYSTEMS)).optional(),
    toleranceUnits: z.number().int().min(0).optional(),
  }).strict().parse(JSON.parse(json));
  return { winner: { ...DEFAULT_RECONCILE_POLICY.winner, ...o.winner }, toleranceUnits: o.toleranceUnits ?? DEFAULT_RECONCILE_POLICY.toleranceUnits };
}

/** The system whose figure a location's on hand follows (and which is asked to count it). */
export function systemOfRecord(policy: ReconcilePolicy, location: Pick<Location, 'type'>): SourceSystem {
  return policy.winner[location.type];
}

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
      // a winner's snapshot older than the ledger's figure is history
      if (isWinner && p.asOf > e.at) { summary.stale++; continue; }
      // another system's older figure is compared with what the ledger held at its time
      const then = isWinner ? p.onHand : await this.ledgerFigureAt(e, p);
      if (then === 'COUNTED_SINCE') { summary.stale++; continue; }
      if (then === e.onHand) { summary.unchanged++; continue; }
      if (Math.abs(then - e.onHand) > policy.toleranceUnits) {
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

  /**
   * The ledger's on hand at a snapshot's time: today's figure less the movements recorded since
   * (a nightly ERP batch does not know the day's sales, and must not flag each one). A count
   * since then supersedes the older figure. Figures loaded from the system of record's own
   * snapshots leave no history, so they stand for that time too: which is how a WMS figure and
   * the ERP's batch still disagree when nothing moved.
   */
  private async ledgerFigureAt(e: SnapshotEntry, p: Position): Promise<number | 'COUNTED_SINCE'> {
    if (p.asOf <= e.at) return p.onHand;
    let figure = p.onHand;
    let cursor: string | null = null;
    for (let page = 0; page < MAX_HISTORY_PAGES; page++) {
      const h = await this.deps.ledger.history(e, HISTORY_PAGE, cursor);
      for (const m of h.movements) {
        if (m.at <= e.at) return figure;
        if (m.setTo !== undefined) return 'COUNTED_SINCE';
        figure -= m.delta;
      }
      if (!h.nextCursor) return figure;
      cursor = h.nextCursor;
    }
    return figure;
  }
}
