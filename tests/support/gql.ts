/** A GraphQL answer as the gateway sends it. */
export interface GqlResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** POSTs one operation to a GraphQL endpoint; `apiKey` goes in `x-api-key` (omit for an anonymous caller). */
export async function gql<T = Record<string, any>>(
  url: string, query: string, variables: Record<string, unknown> = {}, apiKey?: string, operationName?: string,
): Promise<GqlResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (apiKey) headers['x-api-key'] = apiKey;
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables, operationName }) });
  const body = (await res.json()) as Omit<GqlResult<T>, 'status'>;
  return { status: res.status, ...body };
}

/** Like gql, but any GraphQL error fails the test with the errors in the message. */
export async function gqlData<T = Record<string, any>>(
  url: string, query: string, variables: Record<string, unknown> = {}, apiKey?: string, operationName?: string,
): Promise<T> {
  const r = await gql<T>(url, query, variables, apiKey, operationName);
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors (HTTP ${r.status}): ${JSON.stringify(r.errors ?? r)}`);
  return r.data;
}
