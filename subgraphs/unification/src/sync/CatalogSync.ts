import type { Logger } from '@stockgraph/shared';
import { withHealth } from '@stockgraph/shared/feeds';
import type { SourceHealth } from '@stockgraph/shared/health';
import type { Registry } from '@stockgraph/shared/registry';
import type { ErpClient } from '@stockgraph/erp';
import type { WmsClient } from '@stockgraph/wms';
import type { PosClient } from '@stockgraph/pos';
import type { OmsClient } from '@stockgraph/oms';
import { buildRegistry } from '../mapping/buildRegistry';
import type { CatalogInputs } from '../mapping/catalogTypes';

export interface CatalogClients { erp: ErpClient; wms: WmsClient; pos: PosClient; oms: OmsClient }

/**
 * Gathers every system's item and location master through its own client and rebuilds the
 * registry. The channel clients stay the only code that knows each wire format; this only joins.
 */
export class CatalogSync {
  constructor(private readonly d: { clients: CatalogClients; registry: Registry; health: SourceHealth; logger: Logger }) {}

  async gather(): Promise<CatalogInputs> {
    const { erp, wms, pos, oms } = this.d.clients;
    const h = <T>(system: 'ERP' | 'WMS' | 'POS' | 'OMS', op: string, fn: () => Promise<T>) => withHealth(this.d.health, system, this.d.logger, op, fn);
    const [materials, vendors, plants, articles, sites, items, stores, products, nodes] = await Promise.all([
      h('ERP', 'materials', () => erp.allMaterials()),
      h('ERP', 'vendors', () => erp.listVendors()),
      h('ERP', 'plants', () => erp.listPlants()),
      h('WMS', 'articles', () => wms.listArticles()),
      h('WMS', 'sites', () => wms.listSites()),
      h('POS', 'items', () => pos.listItems()),
      h('POS', 'stores', () => pos.listStores()),
      h('OMS', 'products', () => oms.listProducts()),
      h('OMS', 'nodes', () => oms.listNodes()),
    ]);
    return {
      erpMaterials: materials.map((m) => ({
        materialNumber: m.materialNumber, eans: m.eans, name: m.name, category: m.category, cost: m.cost, price: m.price, supplierId: m.supplierId,
        leadTimeDays: m.leadTimeDays, leadTimeSdDays: m.leadTimeSdDays,
      })),
      erpVendors: vendors.map((v) => ({ supplierId: v.supplierId, acceptsReturns: v.acceptsReturns, returnCreditPct: v.returnCreditPct })),
      erpPlants: plants,
      wmsArticles: articles
        .map((a) => ({ articleNo: a.articleNo, hostRef: a.hostRef ?? '', description: a.description, packSize: a.packSize })),
      wmsSites: sites.map((s) => ({ siteId: s.site, hostPlant: s.plant })),
      posItems: items
        .filter((i) => i.barcode !== null)
        .map((i) => ({ barcode: i.barcode as string, plu: i.plu, description: i.description })),
      posStores: stores.map((s) => ({ storeNo: s.storeNo, plant: s.plant })),
      omsProducts: products.map((p) => ({ sku: p.sku, gtin: p.gtin, title: p.title })),
      omsNodes: nodes.map((n) => ({ nodeId: n.nodeId })),
    };
  }

  async run(now = Date.now()): Promise<{ skus: number; locations: number; unmapped: number; conflicts: number }> {
    const snapshot = buildRegistry(await this.gather(), now);
    await this.d.registry.write(snapshot);
    const summary = { skus: snapshot.skus.length, locations: snapshot.locations.length, unmapped: snapshot.unmapped.length, conflicts: snapshot.conflicts.length };
    this.d.logger.info(summary, 'catalog synced');
    return summary;
  }
}
