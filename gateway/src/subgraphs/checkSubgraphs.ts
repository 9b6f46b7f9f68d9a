import { IDENTITY_HEADER, signIdentity, type Identity } from '@stockgraph/shared/auth';

/** The identity the gateway itself uses for readiness probes. */
export const GATEWAY_PROBE_IDENTITY: Identity = {
  clientId: 'gateway-probe',
  channel: null,
  partnerId: null,
  assortment: null,
  scopes: [],
  anonymous: false,
};

export type SubgraphStatus = 'ok' | 'down';

/** Asks every subgraph for `{ __typename }`, in parallel, each within the timeout. */
export async function checkSubgraphs(
  subgraphs: ReadonlyMap<string, string>,
  signingSecret: string,
  timeoutMs: number,
): Promise<Record<string, SubgraphStatus>> {
  const entries = await Promise.all(
    [...subgraphs].map(async ([name, url]): Promise<[string, SubgraphStatus]> => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [IDENTITY_HEADER]: signIdentity(GATEWAY_PROBE_IDENTITY, signingSecret, Date.now()),
          },
          body: JSON.stringify({ query: '{ __typename }' }),
          redirect: 'error',
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = (await res.json()) as { data?: { __typename?: unknown } };
        return [name, res.ok && typeof body.data?.__typename === 'string' ? 'ok' : 'down'];
      } catch {
        return [name, 'down'];
      }
    }),
  );
  return Object.fromEntries(entries);
}
