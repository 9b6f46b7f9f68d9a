import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { badRequest } from './HttpError';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, suppressBooleanAttributes: false });
// Values stay strings: article numbers like "0001" must not turn into numbers.
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: true });

/** Builds a document from fast-xml-parser's object form (`@_` prefixes attributes); text is escaped by the builder. */
export function buildXml(doc: Record<string, unknown>): string {
  return '<?xml version="1.0" encoding="UTF-8"?>' + builder.build(doc);
}

/** Parses a request body; a DOCTYPE is refused outright so no entity tricks get near the parser. */
export function parseXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE/i.test(text)) throw badRequest('DOCTYPE not allowed', 'invalid_xml');
  try {
    const parsed: unknown = parser.parse(text, true);
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not a document');
    return parsed as Record<string, unknown>;
  } catch {
    throw badRequest('body is not well-formed XML', 'invalid_xml');
  }
}
