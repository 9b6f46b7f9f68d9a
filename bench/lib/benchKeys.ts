import type { Identity } from '@stockgraph/shared/auth';
import type { GatewayAuth } from '../../scripts/separateStack';
import { DEMO_API_KEYS } from '../../scripts/demoKeys';
import { anonymousIdentity, createApiKeyAuthenticator, defaultConfig } from '@stockgraph/gateway';

/**
 * The callers of the benchmark, the same for every contender: the demo keys of `npm start`, plus
 * a partner with a 400-SKU assortment. (The demo partner `acme` sees every other SKU: at bench
 * size that is 5,000 SKUs in every signed identity header, which the suite probes separately.)
 */
export const KEYS = {
  storefront: 'demo-storefront-key',
  clienteling: 'demo-clienteling-key',
  orders: 'demo-order-management-key',
  partner: 'bench-partner-key',
  acme: 'demo-partner-acme-key',
} as const;

export const BENCH_PARTNER_SKUS = 400;

export function benchGatewayAuth(skuIds: readonly string[]): GatewayAuth {
  return {
    apiKeys: {
      ...DEMO_API_KEYS,
      [KEYS.partner]: { clientId: 'bench-marketplace', channel: 'MARKETPLACE', partnerId: 'bench', assortment: 'bench-partner', scopes: [] },
    },
    assortments: {
      acme: skuIds.filter((_, i) => i % 2 === 0),
      'bench-partner': skuIds.filter((_, i) => i % 2 === 0).slice(0, BENCH_PARTNER_SKUS),
    },
  };
}

const anonymous = anonymousIdentity(defaultConfig('production').auth);
const authenticators = new WeakMap<GatewayAuth, (key: string) => Identity | null>();

/**
 * The identity our gateway derives from an API key, or gives an anonymous caller (its own
 * functions, gateway/src/auth), for the contenders that have no auth of their own.
 */
export function identityFor(apiKey: string | null | undefined, auth: GatewayAuth): Identity | null {
  if (!apiKey) return anonymous;
  let byKey = authenticators.get(auth);
  if (!byKey) authenticators.set(auth, (byKey = createApiKeyAuthenticator(auth)));
  return byKey(apiKey);
}
