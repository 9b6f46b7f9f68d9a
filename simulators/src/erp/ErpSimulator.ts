import { SimServer, type SimServerOptions } from '../common/SimServer';
import { badRequest, notFound } from '../common/HttpError';
import { decimal, erpDate, erpTimestamp } from '../common/format';
import { enumParam, intParam, requiredParam } from '../common/query';
import { jsonReply } from '../common/Reply';
import type { World } from '../generator/World';

const MAX_PAGE_SIZE = 500;

interface MaterialRow {
  matnr: string; maktx: string; matkl: string; meins: string; eans: string[]; stprs: string; vkp: string;
  waers: 'GBP'; lifnr: string; plifz: number; plifzSd: number; aedat: string;
}

function paging(q: URLSearchParams): { page: number; size: number } {
  return { page: intParam(q, 'page', 1, 1, 1_000_000), size: intParam(q, 'size', 100, 1, MAX_PAGE_SIZE) };
}

function slice<T>(rows: readonly T[], page: number, size: number): T[] {
  return rows.slice((page - 1) * size, page * size);
}

/**
 * The ERP: item master, vendors, plants, the nightly stock batch and purchase orders, in terse
 * SAP-like JSON. Its stock is the batch picture: equal to WMS/POS except on the seeded
 * disagreements, and it does not move during the day.
 */
export class ErpSimulator extends SimServer {
  private materials: MaterialRow[] = [];
  /** per plant: on hand by item index (-1 = not ranged), with the ERP's own disagreements applied */
  private stock = new Map<string, Int32Array>();
  /** per plant: ranged item indexes, so a page is a slice */
  private ranged = new Map<string, number[]>();

  constructor(world: World, opts: SimServerOptions = {}) {
    super('ERP', world, opts);
    this.resetState();
    this.router
      .get('/api/v1/materials', ({ query }) => {
        const { page, size } = paging(query);
        const since = query.get('changedSince');
        if (since !== null && !/^\d{8}$/.test(since)) throw badRequest('changedSince must be YYYYMMDD');
        const rows = since ? this.materials.filter((m) => m.aedat >= since) : this.materials;
        return jsonReply(200, { pg: page, sz: size, tot: rows.length, d: slice(rows, page, size) });
      })
      .get('/api/v1/vendors', () =>
        jsonReply(200, {
          d: this.world.suppliers.map((s) => ({
            lifnr: s.lifnr, name1: s.name, land1: s.country, rtv: s.takesReturns ? 'X' : '', rtvPct: String(s.rtvPct),
            trust: decimal(s.trust, 2), minbm: s.minOrderUnits,
          })),
        }),
      )
      .get('/api/v1/plants', () =>
        jsonReply(200, {
          d: this.world.locations.map((l) => ({
            werks: l.plant, name1: l.name, typ: l.type === 'DC' ? 'DC' : 'ST', ort01: l.town,
            lat: decimal(l.lat, 4), lon: decimal(l.lng, 4), sfs: l.sfs ? 'X' : '', cnc: l.cnc ? 'X' : '', cap: l.cap,
          })),
        }),
      )
      .get('/api/v1/stock', ({ query }) => {
        const werks = requiredParam(query, 'werks');
        const { page, size } = paging(query);
        const qty = this.stock.get(werks);
        const ranged = this.ranged.get(werks);
        if (!qty || !ranged) throw notFound(`plant ${werks} not found`, 'unknown_plant');
        const d = slice(ranged, page, size).map((i) => ({
          matnr: (this.materials[i] as MaterialRow).matnr, labst: decimal(qty[i] as number, 3), meins: 'EA',
        }));
        return jsonReply(200, { werks, ts: erpTimestamp(this.world.asOf), pg: page, tot: ranged.length, d });
      })
      .get('/api/v1/purchase-orders', ({ query }) => {
        const status = enumParam(query, 'status', ['open', 'closed'] as const);
        const { page, size } = paging(query);
        const rows = this.world.purchaseOrders.filter((po) => !status || po.status === status);
        const d = slice(rows, page, size).map((po) => ({
          ebeln: po.ebeln, lifnr: po.lifnr, werks: po.plant, bedat: erpDate(po.orderedOn),
          items: po.lines.map((l) => ({
            ebelp: l.ebelp, matnr: l.matnr, menge: decimal(l.qty, 3), meins: 'EA', eindt: erpDate(l.expectedOn), wemng: decimal(l.received, 3),
            ...(l.receivedOn ? { budat: erpDate(l.receivedOn) } : {}),
          })),
        }));
        return jsonReply(200, { pg: page, tot: rows.length, d });
      });
  }

  protected resetState(): void {
    this.materials = this.world.items.map((i) => ({
      matnr: i.matnr, maktx: i.description, matkl: i.category, meins: i.uom, eans: [...i.eans],
      stprs: decimal(i.cost, 2), vkp: decimal(i.price, 2), waers: 'GBP', lifnr: i.lifnr,
      plifz: i.leadTimeDays, plifzSd: i.leadTimeSdDays, aedat: erpDate(i.changedOn),
    }));
    const byMatnr = new Map(this.world.items.map((i) => [i.matnr, i.index]));
    this.stock = new Map();
    this.ranged = new Map();
    for (const [plant, qty] of Object.entries(this.world.stock)) this.stock.set(plant, Int32Array.from(qty));
    for (const d of this.world.anomalies.disagreements) {
      const index = byMatnr.get(d.matnr);
      const qty = this.stock.get(d.plant);
      if (index !== undefined && qty) qty[index] = d.erp;
    }
    for (const [plant, qty] of this.stock) {
      const ranged: number[] = [];
      qty.forEach((q, i) => q >= 0 && ranged.push(i));
      this.ranged.set(plant, ranged);
    }
  }
}
