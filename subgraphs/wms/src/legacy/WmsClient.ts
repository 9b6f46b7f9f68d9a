/**
 * WmsClient: the only code that speaks the legacy WMS's dialect: XML documents, `WA` article
 * numbers, sites `DC1`… with a host plant, and quantities counted in cases of a pack size plus loose
 * eaches. Everything leaves here in eaches (`cases × packSize + eaches`), times as ms since epoch,
 * and the delta feed as signed movements or absolute counts behind a numeric cursor.
 *
 * Inbound and delta lines carry no pack size, so the client keeps the article master's pack sizes
 * and reloads them (at most once per `articleRefreshMs`) when it meets an article it does not know.
 * A delta still in cases of an unknown article is returned in `rejected` (the cursor moves on);
 * such an inbound line is skipped with a warning.
 */
import type { z } from 'zod';
import { createLogger, type Logger } from '@stockgraph/shared';
import type { LegacyClientOptions } from '@stockgraph/shared/http';
import { LegacyClient } from '@stockgraph/shared/http';
import { formatFailure, parseWire } from '@stockgraph/shared/http';
import { articleList, countAccepted, transferAccepted, deltaFeed, inboundList, readXml, siteList, stockReport, xmlText, type DELTA_TYPES } from './wmsWire';

export interface WmsArticle {
  articleNo: string;
  /** the ERP material number the WMS holds for it; null when blank */
  hostRef: string | null;
  description: string;
  packSize: number;
}

export interface WmsSite {
  site: string;
  /** ERP plant code = global location id */
  plant: string;
  name: string;
}

export interface WmsStockReport {
  site: string;
  at: number;
  /** the last delta seq the report already holds; null when the WMS does not say */
  cursor: number | null;
  lines: { articleNo: string; onHand: number; packSize: number }[];
}

export interface WmsInbound {
  asnNo: string;
  site: string;
  expectedAt: number;
  lines: { articleNo: string; quantity: number }[];
}

export type WmsDeltaType = (typeof DELTA_TYPES)[number];

interface DeltaBase { seq: number; site: string; articleNo: string; ref: string | null; at: number }
export type WmsDelta =
  | (DeltaBase & { type: Exclude<WmsDeltaType, 'COUNT'>; /** signed eaches */ quantity: number })
  | (DeltaBase & { type: 'COUNT'; /** absolute eaches counted */ counted: number });

/** A delta that could not be turned into eaches; the cursor still moves past it. */
export interface WmsRejectedDelta { seq: number; articleNo: string; reason: 'unknown_pack_size' | 'missing_quantity' }

export interface WmsDeltaPage {
  deltas: WmsDelta[];
  /** pass as `since` next time */
  cursor: number;
  more: boolean;
  rejected: WmsRejectedDelta[];
}

export interface WmsClientOptions extends LegacyClientOptions {
  /** least time between two article-master reloads triggered by unknown articles, default 60 s */
  articleRefreshMs?: number;
}

const SYSTEM = 'WMS';
const XML = 'application/xml';

export class WmsClient extends LegacyClient {
  private readonly log: Logger;
  private readonly articleRefreshMs: number;
  private readonly packSizes = new Map<string, number>();
  private packSizesLoadedAt: number | undefined;

  constructor(options: WmsClientOptions) {
    super(SYSTEM, options);
    this.log = (options.logger ?? createLogger('legacy')).child({ system: SYSTEM });
    this.articleRefreshMs = options.articleRefreshMs ?? 60_000;
  }

  /** The article master, every page; also refreshes the pack sizes used for inbound and deltas. */
  async listArticles(): Promise<WmsArticle[]> {
    const out: WmsArticle[] = [];
    for (let page = 1; ; page++) {
      const doc = await this.read('articles', '/wms/articles', 'ArticleList', articleList, { page });
      if (doc['@page'] !== page) formatFailure(SYSTEM, 'articles', `asked page ${page}, got page ${doc['@page']}`);
      for (const a of doc.Article) out.push({ articleNo: a.ArticleNo, hostRef: a.HostRef, description: a.Descr, packSize: a.PackSize });
      if (page >= doc['@pages'] || doc.Article.length === 0) break;
    }
    this.packSizes.clear();
    for (const a of out) this.packSizes.set(a.articleNo, a.packSize);
    this.packSizesLoadedAt = Date.now();
    return out;
  }

  async listSites(): Promise<WmsSite[]> {
    const doc = await this.read('sites', '/wms/sites', 'Sites', siteList);
    return doc.Site.map((s) => ({ site: s.SiteId, plant: s.HostPlant, name: s.Name }));
  }

  /** On hand per article at one site, in eaches. */
  async stockReport(site: string): Promise<WmsStockReport> {
    const doc = await this.read('stock', '/wms/stock', 'StockReport', stockReport, { site });
    if (doc['@site'] !== site) formatFailure(SYSTEM, 'stock', 'report for another site');
    return {
      site,
      at: doc['@generated'],
      cursor: doc['@cursor'] ?? null,
      lines: doc.Line.map((l) => ({ articleNo: l.ArticleNo, onHand: l.Cases * l.PackSize + l.Eaches, packSize: l.PackSize })),
    };
  }

  /** Expected receipts (ASNs) at one site, in eaches. */
  async listInbound(site: string): Promise<WmsInbound[]> {
    const doc = await this.read('inbound', '/wms/inbound', 'InboundList', inboundList, { site });
    const lines = doc.Inbound.flatMap((i) => i.Line);
    await this.ensurePackSizes(lines.filter((l) => l.Cases > 0 && l.PackSize === undefined).map((l) => l.ArticleNo));
    return doc.Inbound.map((i) => ({
      asnNo: i.AsnNo,
      site: i.Site,
      expectedAt: i.Expected,
      lines: i.Line.flatMap((l) => {
        const eaches = this.toEaches(l.ArticleNo, l.Cases, l.Eaches, l.PackSize);
        // Cases of an article the WMS's own master lacks cannot be counted; skip the line loudly
        // rather than guess a pack size or lose the whole site's inbound.
        if (eaches === undefined) {
          this.log.warn({ asnNo: i.AsnNo, articleNo: l.ArticleNo }, 'inbound line in cases of an unknown article skipped');
          return [];
        }
        return [{ articleNo: l.ArticleNo, quantity: eaches }];
      }),
    }));
  }

  /** The delta feed after `since` (0 = from the start), oldest first. */
  async readDeltas(since: number, limit = 500): Promise<WmsDeltaPage> {
    if (!Number.isSafeInteger(since) || since < 0) throw new RangeError('since must be a cursor ≥ 0');
    const doc = await this.read('deltas', '/wms/deltas', 'DeltaFeed', deltaFeed, { since, limit });
    await this.ensurePackSizes(doc.Delta.filter((d) => (d.Cases ?? 0) > 0 && d.PackSize === undefined).map((d) => d.ArticleNo));
    const deltas: WmsDelta[] = [];
    const rejected: WmsRejectedDelta[] = [];
    for (const d of doc.Delta) {
      const base = { seq: d['@seq'], site: d['@site'], articleNo: d.ArticleNo, ref: d.Ref, at: d['@ts'] };
      const type = d['@type'];
      if (type === 'COUNT') {
        if (d.Counted === undefined) rejected.push({ seq: base.seq, articleNo: base.articleNo, reason: 'missing_quantity' });
        else deltas.push({ ...base, type, counted: d.Counted });
        continue;
      }
      if (d.Dir === undefined || (d.Cases === undefined && d.Eaches === undefined)) {
        rejected.push({ seq: base.seq, articleNo: base.articleNo, reason: 'missing_quantity' });
        continue;
      }
      const eaches = this.toEaches(d.ArticleNo, d.Cases ?? 0, d.Eaches ?? 0, d.PackSize);
      if (eaches === undefined) rejected.push({ seq: base.seq, articleNo: base.articleNo, reason: 'unknown_pack_size' });
      else deltas.push({ ...base, type, quantity: d.Dir === '+' ? eaches : -eaches });
    }
    return { deltas, cursor: doc['@cursor'], more: doc['@more'], rejected };
  }

  /** Asks the WMS to count an article; the true figure arrives later as a COUNT delta with `ref`. */
  async requestCycleCount(site: string, articleNo: string, ref: string): Promise<{ id: string }> {
    const body = `<CountRequest><Site>${xmlText(site)}</Site><ArticleNo>${xmlText(articleNo)}</ArticleNo><Ref>${xmlText(ref)}</Ref></CountRequest>`;
    const res = await this.http.request({ op: 'cycle-count', method: 'POST', path: '/wms/cycle-counts', body, contentType: XML, accept: XML });
    const doc = parseWire(SYSTEM, 'cycle-count', countAccepted, readXml('cycle-count', res.text, 'CountAccepted'));
    return { id: doc.Id };
  }

  /**
   * Books a stock transfer at a site: SHIP when the units leave it, RECEIPT when they arrive. Lines
   * go in cases of the article's pack size plus eaches (the article master's pack sizes, loaded
   * when unknown). The WMS answers a repeat of the same transfer number and type with the first
   * booking, so a retry books once.
   */
  async postTransferMove(move: { type: 'SHIP' | 'RECEIPT'; transferNo: string; site: string; otherPlant: string; lines: { articleNo: string; quantity: number }[] }): Promise<{ id: string }> {
    await this.ensurePackSizes(move.lines.map((l) => l.articleNo));
    const lines = move.lines.map((l) => {
      const pack = this.packSizes.get(l.articleNo) ?? 1;
      return `<Line><ArticleNo>${xmlText(l.articleNo)}</ArticleNo><Cases>${Math.floor(l.quantity / pack)}</Cases><Eaches>${l.quantity % pack}</Eaches></Line>`;
    }).join('');
    const body = `<TransferMove><Type>${move.type}</Type><TransferNo>${xmlText(move.transferNo)}</TransferNo><Site>${xmlText(move.site)}</Site>`
      + `<OtherPlant>${xmlText(move.otherPlant)}</OtherPlant>${lines}</TransferMove>`;
    const res = await this.http.request({ op: 'transfer', method: 'POST', path: '/wms/transfers', body, contentType: XML, accept: XML, idempotencyKey: `${move.transferNo}:${move.type}:${move.site}` });
    const doc = parseWire(SYSTEM, 'transfer', transferAccepted, readXml('transfer', res.text, 'TransferAccepted'));
    return { id: doc.Id };
  }

  private toEaches(articleNo: string, cases: number, eaches: number, packSize: number | undefined): number | undefined {
    if (cases === 0) return eaches;
    const pack = packSize ?? this.packSizes.get(articleNo);
    return pack === undefined ? undefined : cases * pack + eaches;
  }

  private async ensurePackSizes(articleNos: string[]): Promise<void> {
    if (!articleNos.some((a) => !this.packSizes.has(a))) return;
    const fresh = this.packSizesLoadedAt !== undefined && Date.now() - this.packSizesLoadedAt < this.articleRefreshMs;
    if (!fresh) await this.listArticles();
  }

  private async read<S extends z.ZodTypeAny>(
    op: string,
    path: string,
    root: string,
    schema: S,
    query?: Record<string, string | number>,
  ): Promise<z.output<S>> {
    const xml = await this.http.request({ op, path, query, accept: XML });
    return parseWire(SYSTEM, op, schema, readXml(op, xml.text, root));
  }
}
