import { z } from 'zod';
import { HttpError, badRequest, notFound, unprocessable } from '../common/HttpError';
import { isoSeconds } from '../common/format';
import { intParam } from '../common/query';
import { jsonReply, xmlReply, type Reply } from '../common/Reply';
import { SimServer, type SimServerOptions } from '../common/SimServer';
import { buildXml, parseXml } from '../common/xml';
import type { World } from '../generator/World';
import { DELTA_TYPES, DeltaFeed, type Delta, type DeltaType } from './DeltaFeed';
import { buildInbound, type Asn } from './buildInbound';

const ARTICLES_PER_PAGE = 200;
const COUNT_DELAY_MS = 50;
/** Which way each movement type moves stock; ADJUST takes the sign of its quantity. */
const DIRECTION: Record<Exclude<DeltaType, 'COUNT' | 'ADJUST'>, 1 | -1> = { PICK: -1, RECEIPT: 1, TRANSFER_OUT: -1, TRANSFER_IN: 1 };

interface Article { articleNo: string; hostRef: string; descr: string; packSize: number }
interface Site { siteId: string; plant: string; name: string }

const adminDeltaSchema = z.object({
  site: z.string(),
  article: z.string(),
  type: z.enum(DELTA_TYPES),
  qty: z.number().int().min(-1_000_000).max(1_000_000),
  ref: z.string().min(1).max(64).optional(),
}).strict();

const cases = (qty: number, pack: number) => ({ Cases: Math.floor(qty / pack), Eaches: qty % pack });

/**
 * The WMS: DC stock counted in cases of a pack size, inbound ASNs, a movement delta feed and
 * cycle counts, all in XML. Unmapped articles (host ref not an ERP material) live here too.
 */
export class WmsSimulator extends SimServer {
  private articles: Article[] = [];
  private articleIndex = new Map<string, number>();
  private sites: Site[] = [];
  private stock = new Map<string, Int32Array>();
  private inbound: Asn[] = [];
  private readonly feed = new DeltaFeed();
  private readonly countTimers = new Set<NodeJS.Timeout>();
  private countNo = 0;
  private transferNo = 0;
  /** `<TransferNo>|<Type>|<site>` → the id the move was booked under */
  private readonly transferMoves = new Map<string, string>();

  constructor(world: World, opts: SimServerOptions = {}) {
    super('WMS', world, opts);
    this.resetState();
    this.router
      .get('/wms/articles', ({ query }) => {
        const pages = Math.max(1, Math.ceil(this.articles.length / ARTICLES_PER_PAGE));
        const page = intParam(query, 'page', 1, 1, 1_000_000);
        const rows = this.articles.slice((page - 1) * ARTICLES_PER_PAGE, page * ARTICLES_PER_PAGE);
        return this.xml({
          ArticleList: {
            '@_page': page, '@_pages': pages,
            Article: rows.map((a) => ({ ArticleNo: a.articleNo, HostRef: a.hostRef, Descr: a.descr, PackSize: a.packSize })),
          },
        });
      })
      .get('/wms/sites', () => this.xml({ Sites: { Site: this.sites.map((s) => ({ SiteId: s.siteId, HostPlant: s.plant, Name: s.name })) } }))
      .get('/wms/stock', ({ query }) => {
        const site = this.site(query.get('site'));
        const qty = this.stock.get(site.siteId) as Int32Array;
        const Line: object[] = [];
        qty.forEach((q, i) => {
          if (q < 0) return;
          const a = this.articles[i] as Article;
          Line.push({ ArticleNo: a.articleNo, ...cases(q, a.packSize), PackSize: a.packSize });
        });
        // cursor: the delta seq this snapshot already includes, so a reader can continue the feed from it
        return this.xml({ StockReport: { '@_site': site.siteId, '@_generated': isoSeconds(Date.now()), '@_cursor': this.feed.head, Line } });
      })
      .get('/wms/inbound', ({ query }) => {
        const wanted = query.get('site');
        if (wanted !== null) this.site(wanted);
        const asns = this.inbound.filter((a) => wanted === null || a.site === wanted);
        return this.xml({
          InboundList: {
            Inbound: asns.map((a) => ({
              AsnNo: a.asnNo, Site: a.site, Expected: a.expected, PoRef: a.poRef,
              Line: a.lines.map((l) => ({ ArticleNo: l.articleNo, Cases: l.cases, Eaches: l.eaches })),
            })),
          },
        });
      })
      .get('/wms/deltas', ({ query }) => {
        const since = intParam(query, 'since', 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(query, 'limit', 500, 1, 1000);
        const { deltas, cursor, more } = this.feed.read(since, limit);
        return this.xml({ DeltaFeed: { '@_cursor': cursor, '@_more': String(more), Delta: deltas.map((d) => this.renderDelta(d)) } });
      })
      .post('/wms/cycle-counts', async ({ req }) => {
        const doc = parseXml((await this.readBody(req)).toString('utf8'));
        const body = doc['CountRequest'] as Record<string, unknown> | undefined;
        const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : null);
        const siteId = text(body?.['Site']);
        const articleNo = text(body?.['ArticleNo']);
        if (!body || !siteId || !articleNo) throw badRequest('CountRequest needs Site and ArticleNo');
        const site = this.sites.find((s) => s.siteId === siteId);
        const index = this.articleIndex.get(articleNo);
        if (!site) throw unprocessable('unknown_site', `site ${siteId} unknown`);
        if (index === undefined) throw unprocessable('unknown_article', `article ${articleNo} unknown`);
        const countId = 'CC' + String(++this.countNo).padStart(4, '0');
        const ref = text(body['Ref']) ?? countId;
        const timer = setTimeout(() => {
          this.countTimers.delete(timer);
          const qty = this.stock.get(site.siteId) as Int32Array;
          // counting a line the site does not range finds nothing there, and now it does range it
          if ((qty[index] as number) < 0) qty[index] = 0;
          this.feed.append({ site: site.siteId, type: 'COUNT', ts: isoSeconds(Date.now()), articleNo, qty: qty[index] as number, ref, countId });
        }, COUNT_DELAY_MS);
        timer.unref();
        this.countTimers.add(timer);
        return xmlReply(202, buildXml({ CountAccepted: { Id: countId } }));
      })
      .post('/wms/transfers', async ({ req }) => this.transferMove(parseXml((await this.readBody(req)).toString('utf8'))))
      .post('/admin/deltas', async ({ req }) => jsonReply(201, this.recordDelta(adminDeltaSchema.parse(await this.readJson(req)))));
  }

  /**
   * A stock transfer the host (the graph) books at a site: SHIP when it leaves, RECEIPT when it
   * arrives, lines in cases of the article's pack size plus eaches. The site's stock moves; the
   * delta feed does not carry it (the host made the move and already counted it). Idempotent by
   * (TransferNo, Type): a repeat answers the first id. A ship beyond what the site holds is refused.
   */
  private transferMove(doc: Record<string, unknown>): Reply {
    const body = doc['TransferMove'] as Record<string, unknown> | undefined;
    const text = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 64 ? v : typeof v === 'number' ? String(v) : null);
    const type = text(body?.['Type']);
    const transferNo = text(body?.['TransferNo']);
    const siteId = text(body?.['Site']);
    if (!body || !transferNo || !siteId || (type !== 'SHIP' && type !== 'RECEIPT')) throw badRequest('TransferMove needs Type (SHIP or RECEIPT), TransferNo and Site');
    const site = this.sites.find((s) => s.siteId === siteId);
    if (!site) throw unprocessable('unknown_site', `site ${siteId} unknown`);
    const done = this.transferMoves.get(`${transferNo}|${type}|${site.siteId}`);
    if (done) return xmlReply(200, buildXml({ TransferAccepted: { Id: done } }));
    const raw = body['Line'];
    const lines = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
    if (lines.length === 0 || lines.length > 200) throw badRequest('TransferMove needs 1 to 200 Line elements');
    const qty = this.stock.get(site.siteId) as Int32Array;
    const moves = lines.map((l) => {
      const articleNo = text(l['ArticleNo']);
      const index = articleNo === null ? undefined : this.articleIndex.get(articleNo);
      if (index === undefined) throw unprocessable('unknown_article', `article ${String(articleNo)} unknown`);
      const cases = Number(l['Cases'] ?? 0);
      const eaches = Number(l['Eaches'] ?? 0);
      if (!Number.isSafeInteger(cases) || !Number.isSafeInteger(eaches) || cases < 0 || eaches < 0 || cases + eaches === 0) throw badRequest('a Line needs Cases and/or Eaches >= 0, not both 0');
      return { index, units: cases * (this.articles[index] as Article).packSize + eaches };
    });
    const after = new Map<number, number>();
    for (const m of moves) {
      const before = after.get(m.index) ?? Math.max(0, qty[m.index] as number);
      const next = before + (type === 'SHIP' ? -m.units : m.units);
      if (next < 0) throw new HttpError(409, 'negative_stock', `only ${before} on hand of ${(this.articles[m.index] as Article).articleNo}`);
      after.set(m.index, next);
    }
    for (const [index, q] of after) qty[index] = q;
    const id = 'TM' + String(++this.transferNo).padStart(5, '0');
    this.transferMoves.set(`${transferNo}|${type}|${site.siteId}`, id);
    return xmlReply(201, buildXml({ TransferAccepted: { Id: id } }));
  }

  /** Makes a movement (or a count) as if the warehouse floor did it; what /admin/deltas calls. */
  recordDelta(input: { site: string; article: string; type: DeltaType; qty: number; ref?: string }): { seq: number } {
    const site = this.sites.find((s) => s.siteId === input.site);
    const index = this.articleIndex.get(input.article);
    if (!site) throw unprocessable('unknown_site', `site ${input.site} unknown`);
    if (index === undefined) throw unprocessable('unknown_article', `article ${input.article} unknown`);
    const qty = this.stock.get(site.siteId) as Int32Array;
    const before = Math.max(0, qty[index] as number);
    let after: number;
    let signed = 0;
    if (input.type === 'COUNT') {
      if (input.qty < 0) throw badRequest('a count is an absolute figure >= 0');
      after = input.qty;
    } else {
      if (input.type === 'ADJUST' ? input.qty === 0 : input.qty <= 0) throw badRequest(`${input.type} needs a positive qty`);
      signed = input.type === 'ADJUST' ? input.qty : input.qty * DIRECTION[input.type];
      after = before + signed;
      if (after < 0) throw new HttpError(409, 'negative_stock', `only ${before} on hand`);
    }
    qty[index] = after;
    const ref = input.ref ?? `${input.type}-${this.feed.head + 1}`;
    const delta = this.feed.append({ site: site.siteId, type: input.type, ts: isoSeconds(Date.now()), articleNo: input.article, qty: input.type === 'COUNT' ? after : signed, ref });
    return { seq: delta.seq };
  }

  protected override errorReply(err: HttpError, path: string): Reply {
    if (path.startsWith('/admin/')) return super.errorReply(err, path);
    const reply = xmlReply(err.status, buildXml({ Error: { Code: err.code, Message: err.message } }));
    return { ...reply, headers: err.headers };
  }

  protected override onClose(): void {
    this.stopCounts();
  }

  protected resetState(): void {
    this.stopCounts();
    const strays = this.world.unmapped.filter((u) => u.system === 'WMS');
    this.articles = [
      ...this.world.items.map((i) => ({ articleNo: i.wmsArticle, hostRef: i.matnr, descr: i.description, packSize: i.packSize })),
      ...strays.map((u) => ({ articleNo: u.code, hostRef: u.hostRef ?? '', descr: u.description, packSize: u.packSize })),
    ];
    this.articleIndex = new Map(this.articles.map((a, i) => [a.articleNo, i]));
    const dcs = this.world.locations.filter((l) => l.type === 'DC' && l.wmsSite);
    this.sites = dcs.map((l) => ({ siteId: l.wmsSite as string, plant: l.plant, name: l.name }));
    this.stock = new Map();
    for (const dc of dcs) {
      const qty = new Int32Array(this.articles.length).fill(-1);
      qty.set(this.world.stock[dc.plant] as Int32Array);
      strays.forEach((u, k) => {
        const q = u.stock[dc.plant];
        if (q !== undefined) qty[this.world.items.length + k] = q;
      });
      this.stock.set(dc.wmsSite as string, qty);
    }
    this.inbound = buildInbound(this.world);
    this.feed.clear();
  }

  private stopCounts(): void {
    for (const t of this.countTimers) clearTimeout(t);
    this.countTimers.clear();
  }

  private site(siteId: string | null): Site {
    if (!siteId) throw badRequest('site is required');
    const site = this.sites.find((s) => s.siteId === siteId);
    if (!site) throw notFound(`site ${siteId} unknown`, 'unknown_site');
    return site;
  }

  private renderDelta(d: Delta): object {
    const head = { '@_seq': d.seq, '@_site': d.site, '@_type': d.type, '@_ts': d.ts, ArticleNo: d.articleNo };
    if (d.type === 'COUNT') return { ...head, Counted: d.qty, Ref: d.ref, CountId: d.countId ?? '' };
    const pack = this.articles[this.articleIndex.get(d.articleNo) as number]?.packSize ?? 1;
    return { ...head, ...cases(Math.abs(d.qty), pack), Dir: d.qty < 0 ? '-' : '+', Ref: d.ref };
  }

  private xml(doc: Record<string, unknown>): Reply {
    return xmlReply(200, buildXml(doc));
  }
}
