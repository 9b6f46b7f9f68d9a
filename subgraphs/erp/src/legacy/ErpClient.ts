/**
 * ErpClient: the only code that speaks the legacy ERP's dialect (JSON with terse SAP-like field
 * names, decimal strings, 'X' flags, YYYYMMDD dates, 18-digit material numbers). Every answer is
 * turned into plain normalized records here, in one place, so nothing else in the subgraph knows
 * what `labst`, `plifz` or `wemng` mean. Quantities come out as integer eaches, money as numbers,
 * times as ms since epoch (UTC). Paged endpoints are followed to the end.
 */
import type { z } from 'zod';
import type { LocationType } from '@stockgraph/shared';
import type { LegacyClientOptions } from '@stockgraph/shared/http';
import { LegacyClient } from '@stockgraph/shared/http';
import { formatFailure, parseWire } from '@stockgraph/shared/http';
import { materialsPage, plantsAnswer, purchaseOrdersPage, stockPage, vendorsAnswer } from './erpWire';

export interface ErpMaterial {
  /** as sent: 18 digits, zero padded */
  materialNumber: string;
  eans: string[];
  name: string;
  category: string;
  cost: number;
  price: number;
  currency: string;
  supplierId: string;
  leadTimeDays: number;
  leadTimeSdDays: number;
  /** ms since epoch, 00:00 UTC of the last change date */
  changedAt: number;
}

export interface ErpLocation {
  plant: string;
  name: string;
  type: LocationType;
  city: string;
  lat: number;
  lng: number;
  shipFromStore: boolean;
  clickAndCollect: boolean;
  /** picks per day */
  dailyCapacity: number;
}

export interface ErpVendor {
  supplierId: string;
  name: string;
  country: string;
  /** the vendor takes returns to vendor (RTV) */
  acceptsReturns: boolean;
  /** RTV credit in percent of standard cost; 0 when returns are not taken */
  returnCreditPct: number;
  /** share of confirmed PO quantity delivered in full, 0..1; null when the ERP does not say */
  trust: number | null;
  /** minimum order quantity per PO line, units (0: none) */
  minimumOrderUnits: number;
}

export interface ErpStockSnapshot {
  plant: string;
  /** when the ERP batch ran, ms since epoch */
  at: number;
  lines: { materialNumber: string; onHand: number }[];
}

export interface ErpPurchaseOrderLine {
  item: string;
  materialNumber: string;
  orderedQuantity: number;
  receivedQuantity: number;
  /** ordered − received, never below zero (over-deliveries happen) */
  openQuantity: number;
  expectedAt: number;
  /** goods receipt posted (ms), when the ERP says */
  receivedAt: number | null;
}

export interface ErpPurchaseOrder {
  poNumber: string;
  supplierId: string;
  plant: string;
  orderedAt: number;
  lines: ErpPurchaseOrderLine[];
}

export type ErpClientOptions = LegacyClientOptions;

const SYSTEM = 'ERP';
const MATERIAL_PAGE_SIZE = 500;
const STOCK_PAGE_SIZE = 500;
const PO_PAGE_SIZE = 100;

type PageSchema = typeof materialsPage | typeof stockPage | typeof purchaseOrdersPage;

export class ErpClient extends LegacyClient {

  constructor(options: ErpClientOptions) {
    super(SYSTEM, options);
  }

  /** The item master, page by page to the end; `changedSince` (ms) asks only for later changes. */
  async *listMaterials(options: { changedSince?: number; pageSize?: number } = {}): AsyncGenerator<ErpMaterial> {
    const query = { changedSince: options.changedSince === undefined ? undefined : compactDate(options.changedSince) };
    for await (const pg of this.pages('materials', '/api/v1/materials', query, materialsPage, options.pageSize ?? MATERIAL_PAGE_SIZE)) {
      for (const m of pg.d) {
        yield {
          materialNumber: m.matnr,
          eans: m.eans,
          name: m.maktx,
          category: m.matkl,
          cost: m.stprs,
          price: m.vkp,
          currency: m.waers,
          supplierId: m.lifnr,
          leadTimeDays: m.plifz,
          leadTimeSdDays: m.plifzSd,
          changedAt: m.aedat,
        };
      }
    }
  }

  async allMaterials(options: { changedSince?: number; pageSize?: number } = {}): Promise<ErpMaterial[]> {
    const out: ErpMaterial[] = [];
    for await (const m of this.listMaterials(options)) out.push(m);
    return out;
  }

  async listVendors(): Promise<ErpVendor[]> {
    const answer = parseWire(SYSTEM, 'vendors', vendorsAnswer, await this.http.getJson('vendors', '/api/v1/vendors'));
    return answer.d.map((v) => ({
      supplierId: v.lifnr,
      name: v.name1,
      country: v.land1,
      acceptsReturns: v.rtv,
      returnCreditPct: v.rtv ? v.rtvPct ?? 0 : 0,
      trust: v.trust != null && v.trust >= 0 && v.trust <= 1 ? v.trust : null,
      minimumOrderUnits: v.minbm != null && v.minbm > 0 ? Math.ceil(v.minbm) : 0,
    }));
  }

  async listPlants(): Promise<ErpLocation[]> {
    const answer = parseWire(SYSTEM, 'plants', plantsAnswer, await this.http.getJson('plants', '/api/v1/plants'));
    return answer.d.map((p) => ({
      plant: p.werks,
      name: p.name1,
      type: p.typ === 'DC' ? 'DISTRIBUTION_CENTER' : 'STORE',
      city: p.ort01,
      lat: p.lat,
      lng: p.lon,
      shipFromStore: p.sfs,
      clickAndCollect: p.cnc,
      dailyCapacity: p.cap ?? 0,
    }));
  }

  /** The nightly batch stock of one plant, in eaches. */
  async stockSnapshot(plant: string): Promise<ErpStockSnapshot> {
    const lines: ErpStockSnapshot['lines'] = [];
    let at: number | undefined;
    for await (const pg of this.pages('stock', '/api/v1/stock', { werks: plant }, stockPage, STOCK_PAGE_SIZE)) {
      if (pg.werks !== plant) formatFailure(SYSTEM, 'stock', 'answer for another plant');
      // All pages belong to one batch run; a page from a newer run means the snapshot moved under us.
      if (at !== undefined && pg.ts !== at) formatFailure(SYSTEM, 'stock', 'batch changed while paging');
      at = pg.ts;
      for (const l of pg.d) lines.push({ materialNumber: l.matnr, onHand: l.labst });
    }
    return { plant, at: at ?? 0, lines };
  }

  async listOpenPurchaseOrders(): Promise<ErpPurchaseOrder[]> {
    return this.listPurchaseOrders('open');
  }

  /** received (closed) purchase orders, with their goods-receipt dates */
  async listClosedPurchaseOrders(): Promise<ErpPurchaseOrder[]> {
    return this.listPurchaseOrders('closed');
  }

  private async listPurchaseOrders(status: 'open' | 'closed'): Promise<ErpPurchaseOrder[]> {
    const out: ErpPurchaseOrder[] = [];
    for await (const pg of this.pages('purchase-orders', '/api/v1/purchase-orders', { status }, purchaseOrdersPage, PO_PAGE_SIZE)) {
      for (const po of pg.d) {
        out.push({
          poNumber: po.ebeln,
          supplierId: po.lifnr,
          plant: po.werks,
          orderedAt: po.bedat,
          lines: po.items.map((i) => ({
            item: i.ebelp,
            materialNumber: i.matnr,
            orderedQuantity: i.menge,
            receivedQuantity: i.wemng,
            openQuantity: Math.max(0, i.menge - i.wemng),
            expectedAt: i.eindt,
            receivedAt: i.budat ?? null,
          })),
        });
      }
    }
    return out;
  }

  /** Pages from 1 until `tot` rows are read; an empty page also ends it, so a shrinking total cannot loop. */
  private async *pages<S extends PageSchema>(
    op: string,
    path: string,
    query: Record<string, string | undefined>,
    schema: S,
    size: number,
  ): AsyncGenerator<z.output<S>> {
    let seen = 0;
    for (let pg = 1; ; pg++) {
      const answer: z.output<S> = parseWire(SYSTEM, op, schema, await this.http.getJson(op, path, { ...query, page: pg, size }));
      if (answer.pg !== pg) formatFailure(SYSTEM, op, `asked page ${pg}, got page ${answer.pg}`);
      yield answer;
      seen += answer.d.length;
      if (answer.d.length === 0 || seen >= answer.tot) return;
    }
  }
}

function compactDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}
