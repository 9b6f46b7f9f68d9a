import { ErrorCode } from '@stockgraph/shared';
/** Errors the GraphQL-over-HTTP spec answers with 200 to a client that only speaks application/json. */
const REQUEST_ERROR_CODES = new Set<string>([ErrorCode.GRAPHQL_PARSE_FAILED, ErrorCode.GRAPHQL_VALIDATION_FAILED, ErrorCode.BAD_USER_INPUT]);

/**
 * True when the client accepts application/json but not application/graphql-response+json, and
 * the 400 body is only parse, validation or variable-coercion errors (nothing was executed).
 */
export function isLegacyJsonRequestError(accept: string | undefined, body: string): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  if (!types.includes('application/json') || types.includes('application/graphql-response+json')) return false;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    return (
      parsed.data === undefined &&
      Array.isArray(parsed.errors) &&
      parsed.errors.length > 0 &&
      parsed.errors.every((e) => REQUEST_ERROR_CODES.has(String(e.extensions?.code)))
    );
  } catch {
    return false;
  }
}
