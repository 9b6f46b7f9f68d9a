import { z } from 'zod';
import { notFound, unprocessable } from '../common/HttpError';
import { decimal, erpDate } from '../common/format';
import { toCsv } from '../common/csv';
import { csvReply, jsonReply } from '../common/Reply';
import { SimServer, type SimServerOptions } from '../common/SimServer';
import { Rng } from '../generator/Rng';
import type { World, WorldLocation } from '../generator/World';
import { TrafficGenerator } from './TrafficGenerator';
import { DEFAULT_WEBHOOK_OPTIONS, WebhookDispatcher, type WebhookOptions } from './WebhookDispatcher';

const COUNT_DELAY_MS = 50;
/** POS stock may go negative (oversold), so "not ranged" needs a sentinel no sale can reach. */
const NOT_RANGED = -0x80000000;

export interface PosSimulatorOptions extends SimServerOptions {
  webhook?: Partial<WebhookOptions>;
}

export type PosTxnType = 'SALE' | 'RETURN' | 'COUNT';

export interface PosTxn {
  txn_id: string;
  store_no: string;
  type: PosTxnType;
  ts: string;
  lines: { line: number; barcode: string; plu: string | null; qty: number; price: string }[];
  order_ref: string | null;
  /** COUNT only: the count request id */
  ref?: string;
}

interface PosItem { barcode: string; plu: string | null; description: string; price: number }

const code = { barcode: z.string().min(1).max(32).optional(), plu: z.string().min(1).max(8).optional() };
const lineSchema = z.object({ ...code, qty: z.number().int().min(1).max(9999) });
const basketSchema = z.object({ lines: z.array(lineSchema).min(1).max(200), order_ref: z.string().min(1).max(64).nullable().optional() });
const transferSchema = z.object({
  transfer_ref: z.string().min(1).max(64),
  direction: z.enum(['OUT', 'IN']),
  /** the ERP plant at the other end */
  other_plant: z.string().min(1).max(16),
  lines: z.array(lineSchema).min(1).max(200),
});
const countSchema = z.object({ ...code, ref: z.string().min(1).max(64).optional() });
const webhookSchema = z.object({ url: z.string().url().regex(/^https?:\/\//), secret: z.string().min(1).max(256) });
const trafficSchema = z.object({ salesPerSecond: z.number().min(0).max(2000) });

/**
 * The POS: store and item lists and per-store stock as CSV, tills that ring sales and returns
 * (stock may go negative: a till never refuses a customer), counts, and a webhook push of every
 * transaction. Unknown-to-ERP barcodes are on its item list too.
 */
export class PosSimulator extends SimServer {
  private catalogue: PosItem[] = [];
  private byBarcode = new Map<string, number>();
  private byPlu = new Map<string, number>();
  private stores: WorldLocation[] = [];
  private stock = new Map<string, Int32Array>();
  private updatedAt = new Map<string, Map<number, number>>();
  private txnNo = 0;
  /** `<store>|<transfer ref>|<direction>` → the txn id booked for it */
  private readonly transfers = new Map<string, string>();
  private countNo = 0;
  private readonly countTimers = new Set<NodeJS.Timeout>();
  private readonly trafficRng: Rng;
  readonly webhooks: WebhookDispatcher;
  readonly traffic: TrafficGenerator;

  constructor(world: World, opts: PosSimulatorOptions = {}) {
    super('POS', world, opts);
    this.trafficRng = new Rng(world.options.seed, 'POS:traffic');
    this.webhooks = new WebhookDispatcher({ ...DEFAULT_WEBHOOK_OPTIONS, ...opts.webhook }, new Rng(world.options.seed, 'POS:webhook'), this.log);
    this.traffic = new TrafficGenerator(() => this.ringRandomSale());
    this.resetState();
    this.router
      .get('/pos/stores', () =>
        csvReply(toCsv(['store_no', 'name', 'plant', 'lat', 'lng'], this.stores.map((s) => [s.posStoreNo, s.name, s.plant, decimal(s.lat, 4), decimal(s.lng, 4)]))),
      )
      .get('/pos/items', () =>
        csvReply(toCsv(['barcode', 'plu', 'description', 'price'], this.catalogue.map((i) => [i.barcode, i.plu, i.description, decimal(i.price, 2)]))),
      )
      .get('/pos/stores/:storeNo/stock.csv', ({ params }) => {
        const storeNo = this.storeNo(params['storeNo']);
        const qty = this.stock.get(storeNo) as Int32Array;
        const changed = this.updatedAt.get(storeNo) as Map<number, number>;
        const seeded = new Date(this.world.asOf).toISOString();
        const rows: (string | number | null)[][] = [];
        qty.forEach((q, i) => {
          if (q === NOT_RANGED) return;
          const item = this.catalogue[i] as PosItem;
          const at = changed.get(i);
          rows.push([item.barcode, item.plu, q, at === undefined ? seeded : new Date(at).toISOString()]);
        });
        return csvReply(toCsv(['barcode', 'plu', 'on_hand', 'updated_at'], rows));
      })
      .post('/pos/stores/:storeNo/sales', async ({ req, params }) => this.basket(params['storeNo'], 'SALE', await this.readJson(req)))
      .post('/pos/stores/:storeNo/returns', async ({ req, params }) => this.basket(params['storeNo'], 'RETURN', await this.readJson(req)))
      .post('/pos/stores/:storeNo/transfers', async ({ req, params }) => this.transfer(params['storeNo'], await this.readJson(req)))
      .post('/pos/stores/:storeNo/counts', async ({ req, params }) => {
        const storeNo = this.storeNo(params['storeNo']);
        const body = countSchema.parse(await this.readJson(req));
        const index = this.lookup(body);
        const ref = body.ref ?? 'CNT-' + String(++this.countNo).padStart(6, '0');
        const timer = setTimeout(() => {
          this.countTimers.delete(timer);
          const qty = this.stock.get(storeNo) as Int32Array;
          // a shelf cannot hold fewer than none: counting an oversold line finds zero
          this.ring(storeNo, 'COUNT', [{ index, qty: Math.max(0, qty[index] as number) }], null, ref);
        }, COUNT_DELAY_MS);
        timer.unref();
        this.countTimers.add(timer);
        return jsonReply(202, { accepted: true, ref });
      })
      .post('/pos/webhooks', async ({ req }) => {
        const { url, secret } = webhookSchema.parse(await this.readJson(req));
        return jsonReply(201, { receivers: this.webhooks.register(url, secret) });
      })
      .delete('/pos/webhooks', () => {
        this.webhooks.clearReceivers();
        return jsonReply(200, { receivers: 0 });
      })
      .get('/admin/webhooks', () => jsonReply(200, this.webhooks.stats()))
      .get('/admin/traffic', () => jsonReply(200, this.traffic.status()))
      .put('/admin/traffic', async ({ req }) => {
        this.traffic.setRate(trafficSchema.parse(await this.readJson(req)).salesPerSecond);
        return jsonReply(200, this.traffic.status());
      });
  }

  /** Rings a transaction at a till: moves POS stock and pushes it to every webhook. */
  ring(storeNo: string, type: PosTxnType, lines: { index: number; qty: number }[], orderRef: string | null = null, ref?: string): PosTxn {
    const qty = this.stock.get(storeNo);
    if (!qty) throw notFound(`store ${storeNo} unknown`, 'unknown_store');
    const changed = this.updatedAt.get(storeNo) as Map<number, number>;
    const now = Date.now();
    for (const l of lines) {
      const current = qty[l.index] === NOT_RANGED ? 0 : (qty[l.index] as number);
      qty[l.index] = type === 'COUNT' ? l.qty : type === 'SALE' ? current - l.qty : current + l.qty;
      changed.set(l.index, now);
    }
    const txn: PosTxn = {
      txn_id: `${storeNo}-${erpDate(new Date(now).toISOString())}-${String(++this.txnNo).padStart(6, '0')}`,
      store_no: storeNo,
      type,
      ts: new Date(now).toISOString(),
      lines: lines.map((l, i) => {
        const item = this.catalogue[l.index] as PosItem;
        return { line: i + 1, barcode: item.barcode, plu: item.plu, qty: l.qty, price: decimal(item.price, 2) };
      }),
      order_ref: orderRef,
      ...(type === 'COUNT' ? { ref } : {}),
    };
    this.webhooks.publish(txn.txn_id, JSON.stringify(txn));
    return txn;
  }

  protected override onClose(): void {
    this.stopTimers();
    this.webhooks.close();
  }

  /** Seeded stock and catalogue again; webhook receivers stay registered (they are wiring, not data). */
  protected resetState(): void {
    this.stopTimers();
    this.webhooks.reset();
    const strays = this.world.unmapped.filter((u) => u.system === 'POS');
    this.catalogue = [
      ...this.world.items.map((i) => ({ barcode: i.gtin, plu: i.plu, description: i.description, price: i.price })),
      ...strays.map((u) => ({ barcode: u.code, plu: null, description: u.description, price: u.price })),
    ];
    this.byBarcode = new Map(this.catalogue.map((c, i) => [c.barcode, i]));
    this.byPlu = new Map(this.catalogue.flatMap((c, i) => (c.plu ? [[c.plu, i] as [string, number]] : [])));
    this.stores = this.world.locations.filter((l) => l.type === 'STORE' && l.posStoreNo);
    this.stock = new Map();
    this.updatedAt = new Map();
    for (const s of this.stores) {
      const qty = new Int32Array(this.catalogue.length).fill(NOT_RANGED);
      (this.world.stock[s.plant] as Int32Array).forEach((q, i) => q >= 0 && (qty[i] = q));
      strays.forEach((u, k) => {
        const q = u.stock[s.plant];
        if (q !== undefined) qty[this.world.items.length + k] = q;
      });
      this.stock.set(s.posStoreNo as string, qty);
      this.updatedAt.set(s.posStoreNo as string, new Map());
    }
  }

  private stopTimers(): void {
    this.traffic.stop();
    for (const t of this.countTimers) clearTimeout(t);
    this.countTimers.clear();
  }

  private basket(storeParam: string | undefined, type: 'SALE' | 'RETURN', raw: unknown) {
    const storeNo = this.storeNo(storeParam);
    const body = basketSchema.parse(raw);
    const lines = body.lines.map((l) => ({ index: this.lookup(l), qty: l.qty }));
    const txn = this.ring(storeNo, type, lines, type === 'RETURN' ? body.order_ref ?? null : null);
    return jsonReply(201, { txn_id: txn.txn_id });
  }

  /**
   * A stock transfer the host (the graph) books at the store: OUT when it leaves, IN when it
   * arrives. The store's stock moves; nothing is pushed to the webhooks (the host made the move and
   * already counted it). Idempotent by (transfer_ref, direction): a repeat answers the first txn_id.
   */
  private transfer(storeParam: string | undefined, raw: unknown) {
    const storeNo = this.storeNo(storeParam);
    const body = transferSchema.parse(raw);
    const done = this.transfers.get(`${storeNo}|${body.transfer_ref}|${body.direction}`);
    if (done) return jsonReply(200, { txn_id: done });
    const lines = body.lines.map((l) => ({ index: this.lookup(l), qty: l.qty }));
    const qty = this.stock.get(storeNo) as Int32Array;
    const changed = this.updatedAt.get(storeNo) as Map<number, number>;
    const now = Date.now();
    for (const l of lines) {
      const current = qty[l.index] === NOT_RANGED ? 0 : (qty[l.index] as number);
      qty[l.index] = body.direction === 'OUT' ? current - l.qty : current + l.qty;
      changed.set(l.index, now);
    }
    const txnId = `${storeNo}-TR-${String(++this.txnNo).padStart(6, '0')}`;
    this.transfers.set(`${storeNo}|${body.transfer_ref}|${body.direction}`, txnId);
    return jsonReply(201, { txn_id: txnId });
  }

  private lookup(l: { barcode?: string; plu?: string }): number {
    const index = l.barcode !== undefined ? this.byBarcode.get(l.barcode) : l.plu !== undefined ? this.byPlu.get(l.plu) : undefined;
    if (index === undefined) throw unprocessable(l.barcode ?? l.plu ? 'unknown_item' : 'barcode_or_plu_required', `item ${l.barcode ?? l.plu ?? '(none)'} unknown`);
    return index;
  }

  private storeNo(param: string | undefined): string {
    if (!param || !this.stock.has(param)) throw notFound(`store ${param} unknown`, 'unknown_store');
    return param;
  }

  /** One random sale of something the store has on its shelf (traffic generator). */
  private ringRandomSale(): boolean {
    if (this.stores.length === 0) return false;
    const storeNo = this.trafficRng.pick(this.stores).posStoreNo as string;
    const qty = this.stock.get(storeNo) as Int32Array;
    for (let attempt = 0; attempt < 8; attempt++) {
      const index = this.trafficRng.int(0, this.world.items.length - 1);
      if ((qty[index] as number) > 0) {
        this.ring(storeNo, 'SALE', [{ index, qty: this.trafficRng.chance(0.1) ? 2 : 1 }]);
        return true;
      }
    }
    return false;
  }
}
