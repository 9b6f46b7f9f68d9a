import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin, PersistedQueryOptions } from '@apollo/server';
import type { SafelistConfig } from '../configTypes';
import { queryHash } from '../resolveConfig';
import type { GatewayContext } from '../GatewayContext';
import { ErrorCode } from '@stockgraph/shared';

/**
 * In enforce mode only the manifest's operations run. A hash-only request for an unknown
 * operation gets Apollo's PERSISTED_QUERY_NOT_FOUND; a free-form query that is not in the
 * manifest is refused with the same code and 400, and logged.
 */
export function safelistPlugin(safelist: SafelistConfig): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ source, contextValue }) {
          if (safelist.mode !== 'enforce' || Object.hasOwn(safelist.operations, queryHash(source))) return;
          contextValue.logger.warn({ queryHash: queryHash(source) }, 'operation refused: not in the safelist');
          throw new GraphQLError('This operation is not in the safelist of this server.', {
            extensions: { code: ErrorCode.PERSISTED_QUERY_NOT_FOUND, http: { status: 400 } },
          });
        },
      };
    },
  };
}

/**
 * The manifest as Apollo's persisted-query cache: lookups by hash, registrations ignored.
 * Apollo prefixes its keys with `apq:`.
 */
export function safelistCache(operations: Record<string, string>): NonNullable<PersistedQueryOptions['cache']> {
  return {
    async get(key) {
      const hash = key.startsWith('apq:') ? key.slice(4) : key;
      return Object.hasOwn(operations, hash) ? operations[hash] : undefined;
    },
    async set() {},
    async delete() {},
  };
}
