import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Drops the response's top-level `extensions` (ftv1 traces, tracing, query plans): clients of a
 * production gateway get data and errors only.
 */
export function responseHygienePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind === 'single') delete response.body.singleResult.extensions;
          else delete response.body.initialResult.extensions;
        },
      };
    },
  };
}
