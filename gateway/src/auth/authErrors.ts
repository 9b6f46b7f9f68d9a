import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '@stockgraph/shared';

/** One message for every credential failure: which check failed goes to the log, not the client. */
export function unauthenticated(message = 'Invalid or missing credentials.'): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401, headers: new HeaderMap([['www-authenticate', 'Bearer']]) } },
  });
}

export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError('Too many requests; slow down.', {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter: retryAfterSeconds,
      http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/** Thrown where credentials were well-formed but wrong, carrying the reason for the log only. */
export class CredentialError extends Error {
  override name = 'CredentialError';
}
