import type { KeyValueStore, Logger } from '@stockgraph/shared';
import { DEMAND_TOPIC, type DemandEvent } from '@stockgraph/shared/feeds';
import { AppliedIds, consumeTopic } from '@stockgraph/shared/streams';
import type { StreamConsumer } from '@stockgraph/shared/streams';
import { toEpochDay } from '../history/calendarDay';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import type { ChannelDemandLog } from './ChannelDemandLog';
import type { SupplyBook } from './SupplyBook';
import { KPI_TOPIC } from '@stockgraph/shared/feeds';

/**
 * Live demand: every sale, shipment and return on the durable 'demand' stream goes into the
 * history store (net per SKU × location × day) and the channel log; fill and lead-time facts from
 * the 'kpi-facts' stream into the log. The history lives in this process, so the consumers
 * (group 'planning') replay every retained entry at start: a restart, even a kill -9 between
 * applying and acknowledging, rebuilds the same history. Each fact applies once by its source id.
 */
export class DemandFeed {
  received = 0;
  private notRecorded = 0;
  private readonly applied: AppliedIds;
  private consumers: StreamConsumer[] = [];

  /** facts that could not be read or recorded */
  get rejected(): number {
    return this.notRecorded + this.consumers.reduce((n, c) => n + c.stats.rejected, 0);
  }

  constructor(private readonly d: { kv: KeyValueStore; history: DemandHistoryStore; log: ChannelDemandLog; supply: SupplyBook; logger: Logger }) {
    // beyond what two streams retain, so no replayed fact is mistaken for a new one
    this.applied = new AppliedIds(2 * d.kv.streams.retention + 10_000);
  }

  record(e: DemandEvent): void {
    const day = toEpochDay(e.date);
    this.d.history.record(e.sku, e.locationId, day, e.quantity);
    this.d.log.add(e.channel, day, e.quantity, e.locationId);
    if (e.orderId && e.shipmentId && e.quantity > 0) this.d.log.addShipment(e.orderId, e.shipmentId, e.channel, day);
    this.received++;
  }

  /** Starts consuming demand and KPI facts (after the replay); returns the stop function. */
  async listen(): Promise<() => Promise<void>> {
    const kpis = consumeTopic(this.d.kv, KPI_TOPIC, {
      group: 'planning', replay: true, logger: this.d.logger,
      handle: async (e, entry) => {
        if (!this.applied.first(`kpi:${entry.sourceId}`)) return;
        if (e.kind === 'fill') this.d.log.addFill(e.orderId, e.channel, toEpochDay(e.date), e.orderedUnits, e.filledUnits);
        else if (e.kind === 'shipments') for (const id of e.shipmentIds) this.d.log.addShipment(e.orderId, id, e.channel, toEpochDay(e.date));
        else if (e.kind === 'supplier') this.d.supply.setSupplier(e.supplierId, { trust: e.trust, minimumOrderUnits: e.minimumOrderUnits });
        else if (e.kind === 'purchaseOrder') this.d.supply.setOpen(e);
        else {
          this.d.log.addReceipt(e.poNumber, e.orderedAt, e.receivedAt, e.units ?? 0, e.locationId);
          this.d.supply.received(e.poNumber);
        }
      },
    });
    const demand = consumeTopic(this.d.kv, DEMAND_TOPIC, {
      group: 'planning', replay: true, logger: this.d.logger,
      handle: async (e, entry) => {
        if (!this.applied.first(`demand:${entry.sourceId}`)) return;
        try {
          this.record(e);
        } catch (err) {
          this.notRecorded++;
          this.d.logger.warn({ err: (err as Error).message }, 'demand event not recorded');
        }
      },
    });
    this.consumers = [kpis, demand];
    try {
      await Promise.all([kpis.ready, demand.ready]);
    } catch (err) {
      await Promise.all([kpis.stop(), demand.stop()]);
      throw err;
    }
    return async () => { await Promise.all([kpis.stop(), demand.stop()]); };
  }
}
