import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '@stockgraph/shared';

/** One message for every credential failure: which check failed goes to the log, not the client. */
export function unauthenticated(message = 'Invalid or missing credentials.'): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.UNAUTHENTICATED, ...httpStatus(401, [['www-authenticate', 'Bearer']]) },
  });
}

export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError('Too many requests; slow down.', {
    extensions: {
      code: ErrorCode.RATE_LIMITED,
      retryAfter: retryAfterSeconds,
      ...httpStatus(429, [['retry-after', String(retryAfterSeconds)]]),
    },
  });
}

/**
 * Apollo Server reads the answer's status and headers from `extensions.http` (headers as a HeaderMap).
 * Typed loosely on purpose: Hive Gateway's typings, loaded beside ours by the benchmark, declare
 * that field with plain-object headers.
 */
function httpStatus(status: number, headers: [string, string][]): Record<string, unknown> {
  return { http: { status, headers: new HeaderMap(headers) } };
}

/** Thrown where credentials were well-formed but wrong, carrying the reason for the log only. */
export class CredentialError extends Error {
  override name = 'CredentialError';
}
