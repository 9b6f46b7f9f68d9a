import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { estimateCost, type CostOptions } from './estimateCost';
import { limitError } from './limitError';
import { ErrorCode } from '@stockgraph/shared';

/**
 * Refuses an operation whose estimated cost is above maxCost. It runs once the operation is
 * resolved (not as a validation rule) because list sizes often come from variables.
 */
export function costLimitPlugin(maxCost: number, options: CostOptions, exposeLimits: boolean): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const cost = estimateCost(schema, document, operation, request.variables ?? {}, options);
          if (cost > maxCost) {
            const refusal = limitError(exposeLimits, `Operation cost ${cost} exceeds the maximum cost of ${maxCost}.`);
            throw new GraphQLError(refusal.message, { extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED, http: { status: 400 } } });
          }
        },
      };
    },
  };
}
