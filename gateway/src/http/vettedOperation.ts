import type { ServerResponse } from 'node:http';
import { getVariableValues, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import type { Logger } from '@stockgraph/shared';
import type { Identity } from '@stockgraph/shared/auth';
import type { LimitsConfig } from '../configTypes';
import type { RequestState } from '../GatewayContext';
import { estimateCost } from '../plugins/estimateCost';
import { findListSizeProblem } from '../plugins/listSizeLimitPlugin';

/**
 * A query text Apollo has answered once, so it has been parsed, validated against the API schema
 * and its document-only rules (depth, aliases, directives, the safelist): the fast paths that
 * answer its later requests without Apollo (the pass-through, the position answers) keep it as
 * this, keyed by the text.
 */
export interface VettedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/** A request as the HTTP adapter hands it to a fast path (the pass-through, the position answers). */
export interface FastPathRequest {
  /** the parsed JSON body, and its bytes as the client sent them */
  body: unknown;
  rawJson: string;
  accept: string | undefined;
  /** authenticates and takes a rate-limit token, once per request (shared with Apollo's context) */
  admit(): Promise<{ identity: Identity; wait: number }>;
  requestId: string;
  state: RequestState;
  res: ServerResponse;
  logger: Logger;
}

/** A JSON request body as a fast path may take it: query, optional operationName and variables, nothing else (no APQ extensions). */
export interface PlainRequest { query: string; operationName: string | null; variables: Record<string, unknown> }

export function plainRequest(body: unknown): PlainRequest | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { query, operationName, variables, ...rest } = body as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  return { query, operationName: operationName ?? null, variables: (variables ?? {}) as Record<string, unknown> };
}

/** the operation the request names: the vetted one, when the name (if any) is its own */
export function namesOperation(r: PlainRequest, op: VettedOperation): boolean {
  return r.operationName === null || r.operationName === op.operation.name?.value;
}

export type VariableLimits = Pick<LimitsConfig, 'maxListItems' | 'maxPageSize' | 'maxCost' | 'defaultListSize'>;

/**
 * What Apollo checks per request rather than per text, with these variables: they coerce against
 * the operation's definitions, and list sizes and cost stay within the limits. Returns the coerced
 * variables, or null for a request a fast path must leave to Apollo (which words the refusal).
 */
export function coerceWithinLimits(op: VettedOperation, variables: Record<string, unknown>, limits: VariableLimits): Record<string, unknown> | null {
  const coerced = getVariableValues(op.schema, op.operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return null;
  if (findListSizeProblem(op.document, op.operation, variables, limits)) return null;
  if (estimateCost(op.schema, op.document, op.operation, variables, { defaultListSize: limits.defaultListSize }) > limits.maxCost) return null;
  return coerced.coerced;
}
