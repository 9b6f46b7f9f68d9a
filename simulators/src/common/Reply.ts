/** What a handler answers; SimServer writes it. Kept as data so handlers stay synchronous where they can. */
export interface Reply {
  status: number;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value), headers };
}

export function xmlReply(status: number, xml: string): Reply {
  return { status, contentType: 'application/xml; charset=utf-8', body: xml };
}

export function csvReply(csv: string): Reply {
  return { status: 200, contentType: 'text/csv; charset=utf-8', body: csv };
}
