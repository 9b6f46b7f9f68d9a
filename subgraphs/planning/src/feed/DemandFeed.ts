import type { KeyValueStore, Logger } from '@stockgraph/shared';
import { DEMAND_CHANNEL, parseDemandEvent, type DemandEvent } from '@stockgraph/shared/feeds/DemandEvents';
import { toEpochDay } from '../history/calendarDay';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import type { ChannelDemandLog } from './ChannelDemandLog';
import type { SupplyBook } from './SupplyBook';
import { KPI_CHANNEL, parseKpiEvent } from '@stockgraph/shared/feeds/KpiEvents';

/**
 * Live demand: every sale, shipment and return published on the KV 'demand' channel goes into
 * the history store (net per SKU × location × day) and the channel log. Pub/sub is at-most-once:
 * a message lost while this process is down is lost to the history (README).
 */
export class DemandFeed {
  received = 0;
  rejected = 0;

  constructor(private readonly d: { kv: KeyValueStore; history: DemandHistoryStore; log: ChannelDemandLog; supply: SupplyBook; logger: Logger }) {}

  record(e: DemandEvent): void {
    const day = toEpochDay(e.date);
    this.d.history.record(e.sku, e.locationId, day, e.quantity);
    this.d.log.add(e.channel, day, e.quantity, e.locationId);
    if (e.orderId && e.shipmentId && e.quantity > 0) this.d.log.addShipment(e.orderId, e.shipmentId, e.channel, day);
    this.received++;
  }

  /** Subscribes to demand and KPI facts; returns the unsubscribe function. */
  async listen(): Promise<() => Promise<void>> {
    const kpis = await this.d.kv.subscribe(KPI_CHANNEL, (message) => {
      const e = parseKpiEvent(message);
      if (!e) { this.rejected++; return; }
      if (e.kind === 'fill') this.d.log.addFill(e.orderId, e.channel, toEpochDay(e.date), e.orderedUnits, e.filledUnits);
      else if (e.kind === 'shipments') for (const id of e.shipmentIds) this.d.log.addShipment(e.orderId, id, e.channel, toEpochDay(e.date));
      else if (e.kind === 'supplier') this.d.supply.setSupplier(e.supplierId, { trust: e.trust, minimumOrderUnits: e.minimumOrderUnits });
      else if (e.kind === 'purchaseOrder') this.d.supply.setOpen(e);
      else {
        this.d.log.addReceipt(e.poNumber, e.orderedAt, e.receivedAt, e.units ?? 0, e.locationId);
        this.d.supply.received(e.poNumber);
      }
    });
    const demand = await this.listenDemand();
    return async () => { await kpis(); await demand(); };
  }

  private listenDemand(): Promise<() => Promise<void>> {
    return this.d.kv.subscribe(DEMAND_CHANNEL, (message) => {
      const e = parseDemandEvent(message);
      if (!e) {
        this.rejected++;
        this.d.logger.warn({ message: message.slice(0, 200) }, 'malformed demand event ignored');
        return;
      }
      try {
        this.record(e);
      } catch (err) {
        this.rejected++;
        this.d.logger.warn({ err: (err as Error).message }, 'demand event not recorded');
      }
    });
  }
}
