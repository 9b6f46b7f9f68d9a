import type { GraphQLFormattedError } from 'graphql';
import type { GatewayMode } from '../configTypes';
import { ErrorCode } from '@stockgraph/shared';

/** Codes whose message was written by us for clients; everything else may carry internals. */
const INTERNAL_CODES = new Set<string>([ErrorCode.INTERNAL_SERVER_ERROR, ErrorCode.DOWNSTREAM_SERVICE_ERROR, ErrorCode.SUBGRAPH_HTTP_ERROR]);
const KEPT_EXTENSIONS = ['code', 'retryAfter'];
const URL_OR_HOST = /\b(?:[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+|\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|localhost(?::\d+)?)/gi;
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * The gateway's formatError. In production a client sees a message and a code, nothing more:
 * no `extensions.response` (a subgraph's URL and body), no stack, no exception, no service
 * name, no "Did you mean" hint about the schema, no host or URL inside a message.
 */
export function maskError(mode: GatewayMode): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  return (given) => {
    const formatted = nameTheSetting(given);
    if (mode === 'development') {
      const { response: _response, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
      return { ...formatted, extensions };
    }
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
    const fromSubgraphHttp = formatted.extensions?.response !== undefined;
    const message = INTERNAL_CODES.has(code) || fromSubgraphHttp
      ? 'A service behind the gateway failed to answer.'
      : formatted.message.replace(SUGGESTION, '').replace(URL_OR_HOST, '[redacted]');
    const extensions: Record<string, unknown> = {};
    for (const key of KEPT_EXTENSIONS) if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    extensions.code = code === ErrorCode.DOWNSTREAM_SERVICE_ERROR || code === ErrorCode.SUBGRAPH_HTTP_ERROR ? ErrorCode.INTERNAL_SERVER_ERROR : code;
    return { message, locations: formatted.locations, path: formatted.path, extensions };
  };
}

/** Apollo's own words ("pass introspection: true to ApolloServer") name no setting of ours. */
const APOLLO_INTROSPECTION_OFF = /^GraphQL introspection is not allowed by Apollo Server/;
export const INTROSPECTION_OFF_MESSAGE =
  'GraphQL introspection is off: the gateway runs in production mode. Set GATEWAY_MODE=development (npm start does unless NODE_ENV=production), or INTROSPECTION=true, to turn it on.';

function nameTheSetting(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return APOLLO_INTROSPECTION_OFF.test(formatted.message) ? { ...formatted, message: INTROSPECTION_OFF_MESSAGE } : formatted;
}
