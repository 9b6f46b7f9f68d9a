import type { Logger } from '@stockgraph/shared';
import { withHealth } from '@stockgraph/shared/feeds';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { Registry } from '@stockgraph/shared/registry';
import type { WmsClient } from '../legacy/WmsClient';

export interface InboundLine { asn: string; locationId: string; expectedAt: number; quantity: number }

/** Advance shipping notices per global SKU, refreshed from the WMS; the last list is kept when it is away. */
export class WmsInboundCache {
  bySku = new Map<string, InboundLine[]>();

  constructor(private readonly d: { client: WmsClient; registry: Registry; health: SourceHealth; logger: Logger }) {}

  async refresh(): Promise<void> {
    const next = new Map<string, InboundLine[]>();
    for (const loc of this.d.registry.allLocations()) {
      const site = loc.localCodes.find((c) => c.system === 'WMS')?.code;
      if (!site) continue;
      const list = await withHealth(this.d.health, 'WMS', this.d.logger, 'listInbound', () => this.d.client.listInbound(site));
      for (const asn of list) {
        for (const line of asn.lines) {
          const sku = this.d.registry.resolveSku('WMS', line.articleNo);
          if (!sku) continue;
          const arr = next.get(sku) ?? [];
          arr.push({ asn: asn.asnNo, locationId: loc.id, expectedAt: asn.expectedAt, quantity: line.quantity });
          next.set(sku, arr);
        }
      }
    }
    for (const arr of next.values()) arr.sort((a, b) => a.expectedAt - b.expectedAt);
    this.bySku = next;
  }
}
