import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ErrorCode } from '@stockgraph/shared';
import type { GatewayContext } from '../GatewayContext';

/**
 * Records the operation on the request's state (for logs and metrics, which the HTTP adapter
 * writes once the response is out) and keeps anonymous callers read-only.
 */
export function requestStatePlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, operationName, contextValue, request }) {
          contextValue.state.operationName = operationName;
          contextValue.state.operationType = operation?.operation ?? null;
          // a name no operation of the text has (or several operations and no name) is the client's
          // mistake: 400, where the gateway's executor would throw it as an internal error (500)
          if (!operation) {
            throw new GraphQLError(request.operationName ? `Unknown operation named "${request.operationName}".` : 'Must provide an operation name: the document has several.', {
              extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } },
            });
          }
          if (operation.operation !== 'query' && contextValue.identity.anonymous) {
            throw new GraphQLError('Sign in to change anything: anonymous access is read-only.', {
              extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
            });
          }
        },
        async willSendResponse({ response, contextValue }) {
          // the stock cache keeps only whole answers: no error, not incremental
          const cache = contextValue.state.cache;
          if (cache) cache.clean = response.body.kind === 'single' && !response.body.singleResult.errors?.length;
        },
        async didEncounterErrors({ errors, contextValue }) {
          for (const e of errors) {
            const code = e.extensions?.code;
            if (typeof code === 'string') contextValue.state.errorCodes.add(code);
          }
        },
      };
    },
  };
}
