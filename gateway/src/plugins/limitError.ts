import { GraphQLError, type ASTNode } from 'graphql';

export const GENERIC_LIMIT_MESSAGE = 'Operation refused: it exceeds a limit of this server.';

/**
 * A refusal by one of the limits. With exposeLimits off every limit answers the same text, so
 * probing does not map out the thresholds.
 */
export function limitError(exposeLimits: boolean, message: string, node?: ASTNode): GraphQLError {
  return new GraphQLError(exposeLimits ? message : GENERIC_LIMIT_MESSAGE, { nodes: node ? [node] : undefined });
}
