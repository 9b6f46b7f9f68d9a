/**
 * Hive Gateway in front of our subgraphs instead of our own gateway, with nothing but Hive's own
 * features: its JWT plugin checks the client's token, and header propagation passes the same
 * `Authorization` header on to every subgraph, which checks it again against the same JWKS
 * (subgraphs never believe claims a router forwards unsigned). Run it on the committed supergraph:
 *
 *   JWT_ISSUER=… JWT_AUDIENCE=… JWT_JWKS_URL=… SUBGRAPH_UNIFICATION_URL=… … \
 *     npx hive-gateway supergraph schema/supergraph.graphql -c deploy/hive/gateway.config.ts
 *
 * The same variables as the subgraphs' JWT settings (JWT_ISSUER, JWT_AUDIENCE, JWT_JWKS_URL,
 * JWT_ALGORITHMS) and as our gateway's subgraph URLs (SUBGRAPH_<NAME>_URL; unset: the URL
 * composed into the supergraph). tests/router/hiveGatewayJwt.test.ts runs exactly this file.
 */
import { createRemoteJwksSigningKeyProvider, defineConfig, extractFromHeader } from '@graphql-hive/gateway';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const SUBGRAPHS = ['unification', 'erp', 'wms', 'pos', 'oms', 'planning'];

export const gatewayConfig = defineConfig({
  jwt: {
    signingKeyProviders: [createRemoteJwksSigningKeyProvider({ jwksUri: need('JWT_JWKS_URL') })],
    tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
    tokenVerification: {
      issuer: need('JWT_ISSUER'),
      audience: need('JWT_AUDIENCE'),
      algorithms: (process.env.JWT_ALGORITHMS ?? 'RS256,ES256').split(',').map((a) => a.trim()) as ['RS256'],
    },
    reject: { missingToken: true, invalidToken: true },
    // the payload would travel unsigned in `extensions`: the subgraphs verify the token itself
    forward: { payload: false, token: false },
  },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({
      authorization: request.headers.get('authorization'),
      'x-request-id': request.headers.get('x-request-id'),
    }),
  },
  transportEntries: Object.fromEntries(
    SUBGRAPHS.flatMap((name) => {
      const location = process.env[`SUBGRAPH_${name.toUpperCase()}_URL`];
      return location ? [[name, { location }]] : [];
    }),
  ),
  landingPage: false,
  graphiql: false,
});
