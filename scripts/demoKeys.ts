import type { ApiKeyClient } from '@stockgraph/gateway';

/**
 * API keys of the demo (`npm start`) and the integration tests. A deployment sets its own in
 * GATEWAY_API_KEYS; these never leave development.
 */
export const DEMO_API_KEYS: Record<string, ApiKeyClient> = {
  'demo-storefront-key': { clientId: 'storefront', channel: 'DTC', scopes: ['holds:write'] },
  'demo-clienteling-key': { clientId: 'clienteling', channel: 'RETAIL', scopes: ['stock:read', 'holds:write'] },
  'demo-order-management-key': { clientId: 'order-management', channel: null, scopes: ['stock:read', 'holds:write', 'orders:write', 'planning:read', 'console'] },
  'demo-planner-key-0001': { clientId: 'planner', channel: null, scopes: ['stock:read', 'planning:read'] },
  'demo-partner-acme-key': { clientId: 'acme-marketplace', channel: 'MARKETPLACE', partnerId: 'acme', assortment: 'acme', scopes: [] },
};
