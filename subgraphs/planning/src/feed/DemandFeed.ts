import type { KeyValueStore, Logger } from '@stockgraph/shared';
import { DEMAND_CHANNEL, parseDemandEvent, type DemandEvent } from '@stockgraph/shared/feeds/DemandEvents';
import { toEpochDay } from '../history/calendarDay';
import type { DemandHistoryStore } from '../history/DemandHistoryStore';
import type { ChannelDemandLog } from './ChannelDemandLog';

/**
 * Live demand: every sale, shipment and return published on the KV 'demand' channel goes into
 * the history store (net per SKU × location × day) and the channel log. Pub/sub is at-most-once:
 * a message lost while this process is down is lost to the history (README).
 */
export class DemandFeed {
  received = 0;
  rejected = 0;

  constructor(private readonly d: { kv: KeyValueStore; history: DemandHistoryStore; log: ChannelDemandLog; logger: Logger }) {}

  record(e: DemandEvent): void {
    const day = toEpochDay(e.date);
    this.d.history.record(e.sku, e.locationId, day, e.quantity);
    this.d.log.add(e.channel, day, e.quantity);
    if (e.orderId && e.shipmentId && e.quantity > 0) this.d.log.addShipment(e.orderId, e.shipmentId, e.channel, day);
    this.received++;
  }

  /** Subscribes; returns the unsubscribe function. */
  listen(): Promise<() => Promise<void>> {
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
