import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { formatFailure } from '@stockgraph/shared/http';
import { isoDate, isoDateTime, wireCount } from '@stockgraph/shared/http';

/** The WMS's XML documents as they come over the wire, and the one parser that reads them. */

// Elements that may repeat. fast-xml-parser turns a single child into an object and several into
// an array; naming them here makes one line and many lines look the same.
const REPEATED = new Set([
  'ArticleList.Article',
  'Sites.Site',
  'StockReport.Line',
  'InboundList.Inbound',
  'InboundList.Inbound.Line',
  'DeltaFeed.Delta',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  ignoreDeclaration: true,
  // keep every value a string: '000000000010000001' must not become a number
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => REPEATED.has(String(jpath)),
});

/** Parses one WMS document and returns its root element (an empty root becomes {}). */
export function readXml(op: string, xml: string, root: string): unknown {
  // The WMS never sends a DTD; refusing one keeps entity expansion out of reach.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) formatFailure('WMS', op, 'document type declarations are not accepted');
  if (XMLValidator.validate(xml) !== true) formatFailure('WMS', op, 'not well-formed XML');
  const doc = parser.parse(xml) as Record<string, unknown>;
  if (!(root in doc)) formatFailure('WMS', op, `expected <${root}>`);
  const el = doc[root];
  return el === '' ? {} : el;
}

/** Escapes text for an XML element body. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const text = z.string();
const articleNo = z.string().min(1);
const packSize = wireCount.refine((n) => n > 0);
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).optional().transform((v) => v ?? []);

export const articleList = z.object({
  '@page': wireCount,
  '@pages': wireCount,
  Article: list(
    z.object({
      ArticleNo: articleNo,
      HostRef: z.string().optional().transform((v) => (v ? v : null)),
      Descr: text.optional().transform((v) => v ?? ''),
      PackSize: packSize,
    }),
  ),
});

export const siteList = z.object({
  Site: list(z.object({ SiteId: z.string().min(1), HostPlant: z.string().min(1), Name: text.optional().transform((v) => v ?? '') })),
});

export const stockReport = z.object({
  '@site': z.string().min(1),
  '@generated': isoDateTime,
  /** the delta seq the report already holds (absent from older WMS releases) */
  '@cursor': wireCount.optional(),
  Line: list(z.object({ ArticleNo: articleNo, Cases: wireCount, Eaches: wireCount, PackSize: packSize })),
});

const caseLine = { ArticleNo: articleNo, Cases: wireCount, Eaches: wireCount, PackSize: packSize.optional() };

export const inboundList = z.object({
  Inbound: list(z.object({ AsnNo: z.string().min(1), Site: z.string().min(1), Expected: isoDate, Line: list(z.object(caseLine)) })),
});

export const DELTA_TYPES = ['PICK', 'RECEIPT', 'ADJUST', 'TRANSFER_OUT', 'TRANSFER_IN', 'COUNT'] as const;

export const deltaFeed = z.object({
  '@cursor': wireCount,
  '@more': z.enum(['true', 'false']).transform((v) => v === 'true'),
  Delta: list(
    z.object({
      '@seq': wireCount,
      '@site': z.string().min(1),
      '@type': z.enum(DELTA_TYPES),
      '@ts': isoDateTime,
      ArticleNo: articleNo,
      Cases: wireCount.optional(),
      Eaches: wireCount.optional(),
      PackSize: packSize.optional(),
      // the WMS manual writes a typographic minus; accept it as well as the ASCII one
      Dir: z.enum(['+', '-', '\u2212']).optional(),
      Counted: wireCount.optional(),
      Ref: z.string().optional().transform((v) => (v ? v : null)),
    }),
  ),
});

export const countAccepted = z.object({ Id: z.string().min(1) });
export const transferAccepted = z.object({ Id: z.string().min(1) });
