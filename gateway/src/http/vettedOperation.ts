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
  /** the JSON body as a fast path may take it (plainRequest, read once by the adapter; null: not such a body), and its bytes as the client sent them */
  plain: PlainRequest | null;
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

/** What identifies a request's operation: its text and the operation it names */
export type OperationText = Pick<PlainRequest, 'query' | 'operationName'>;

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
 * What Apollo checks per request rather than per text, with these variables: list sizes and cost
 * stay within the limits. False for a request a fast path must leave to Apollo (which words the
 * refusal). The cost depends on the variables only through page sizes (numbers) and list lengths,
 * so it is worked out once per such shape of the variables and operation.
 */
export function withinLimits(op: VettedOperation, variables: Record<string, unknown>, limits: VariableLimits): boolean {
  if (findListSizeProblem(op.document, op.operation, variables, limits)) return false;
  return costOf(op, variables, limits) <= limits.maxCost;
}

/** Whether the variables coerce against the operation's definitions (Apollo's 400 otherwise). */
export function variablesCoerce(op: VettedOperation, variables: Record<string, unknown>): boolean {
  return !getVariableValues(op.schema, op.operation.variableDefinitions ?? [], variables).errors;
}

const costs = new WeakMap<OperationDefinitionNode, Map<string, number>>();
const MAX_COST_SHAPES = 256;

function costOf(op: VettedOperation, variables: Record<string, unknown>, limits: VariableLimits): number {
  let byShape = costs.get(op.operation);
  if (!byShape) costs.set(op.operation, (byShape = new Map()));
  let shape = '';
  for (const [name, v] of Object.entries(variables)) shape += `${name}:${typeof v === 'number' ? v : Array.isArray(v) ? `[${v.length}]` : '-'},`;
  let cost = byShape.get(shape);
  if (cost === undefined) {
    cost = estimateCost(op.schema, op.document, op.operation, variables, { defaultListSize: limits.defaultListSize });
    if (byShape.size < MAX_COST_SHAPES) byShape.set(shape, cost);
  }
  return cost;
}
