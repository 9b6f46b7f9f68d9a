export const KEY_STORAGE = 'stockgraph.console.key';

export interface ConsoleConfig { mode: 'development' | 'production'; defaultKey: string | null; live: boolean }

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console/config.json', { headers: authHeaders() });
  return res.json();
}

export function apiKey(): string {
  return localStorage.getItem(KEY_STORAGE) ?? '';
}

export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { 'x-api-key': key } : {};
}

export class GraphQLFailure extends Error {
  constructor(message: string, readonly codes: string[]) {
    super(message);
  }
}

/** One GraphQL request through the public API, with the console's API key, as any client makes. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authHeaders() },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length && !body.data) {
    throw new GraphQLFailure(body.errors.map((e) => e.message).join('; '), body.errors.map((e) => e.extensions?.code ?? ''));
  }
  if (!body.data) throw new GraphQLFailure(`HTTP ${res.status}`, []);
  return body.data;
}

/** Whether the graph has this mutation (the console degrades where the API has no such step yet). */
let mutationNames: Promise<Set<string>> | null = null;
export function hasMutation(name: string): Promise<boolean> {
  mutationNames ??= gql<{ __schema: { mutationType: { fields: { name: string }[] } | null } }>('{ __schema { mutationType { fields { name } } } }')
    .then((d) => new Set(d.__schema.mutationType?.fields.map((f) => f.name) ?? []))
    // production has no introspection: try the mutation and show its error instead
    .catch(() => new Set<string>(['*']));
  return mutationNames.then((s) => s.has('*') || s.has(name));
}

export interface Location { id: string; name: string; type: 'STORE' | 'DISTRIBUTION_CENTER' | string; geo: { lat: number; lng: number }; capabilities: string[] }
export interface SkuSummary { id: string; name: string; gtin: string | null; localCodes: { system: string; code: string }[] }

let catalogue: Promise<{ skus: SkuSummary[]; locations: Location[] }> | null = null;
/** Every SKU (paged, 100 at a time) and every location: the console searches names and codes locally. */
export function loadCatalogue(): Promise<{ skus: SkuSummary[]; locations: Location[] }> {
  catalogue ??= (async () => {
    const skus: SkuSummary[] = [];
    let after: string | null = null;
    let locations: Location[] = [];
    for (let page = 0; page < 50; page++) {
      const d: { skus: { edges: { node: SkuSummary }[]; pageInfo: { hasNextPage: boolean; endCursor: string } }; locations: Location[] } = await gql(
        `query Catalog($first: Int!, $after: String) {
          skus(first: $first, after: $after) { edges { node { id name gtin localCodes { system code } } } pageInfo { hasNextPage endCursor } }
          locations { id name type geo { lat lng } capabilities }
        }`,
        { first: 100, after },
      );
      skus.push(...d.skus.edges.map((e) => e.node));
      locations = d.locations;
      if (!d.skus.pageInfo.hasNextPage) break;
      after = d.skus.pageInfo.endCursor;
    }
    return { skus, locations };
  })();
  catalogue.catch(() => (catalogue = null));
  return catalogue;
}

/** SKUs whose id, name, GTIN or any local code contains the text (case-insensitive). */
export function searchSkus(skus: SkuSummary[], text: string, limit = 20): SkuSummary[] {
  const t = text.trim().toLowerCase();
  if (!t) return [];
  return skus
    .filter((s) => s.id.toLowerCase().includes(t) || s.name.toLowerCase().includes(t) || (s.gtin ?? '').includes(t) || s.localCodes.some((c) => c.code.toLowerCase().includes(t)))
    .slice(0, limit);
}

export const CHANNELS = ['DTC', 'RETAIL', 'WHOLESALE', 'MARKETPLACE'] as const;
