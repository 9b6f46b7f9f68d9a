export interface ContentType {
  /** lower-cased `type/subtype` */
  essence: string;
  charset: string | null;
}

/** Just enough of RFC 9110 media-type parsing to route a body: type/subtype and charset. */
export function parseContentType(header: string | undefined): ContentType | null {
  if (!header) return null;
  const [type, ...params] = header.split(';');
  const essence = type.trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(essence)) return null;
  let charset: string | null = null;
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'charset' && v !== undefined) charset = v.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
  }
  return { essence, charset };
}
