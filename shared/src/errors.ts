import { GraphQLError } from 'graphql';

/**
 * The one registry of error codes. System errors travel as GraphQL errors with
 * `extensions.code`; business refusals travel as `userErrors` with the same stable codes.
 */
export const ErrorCode = {
  // malformed or refused requests (GraphQL errors)
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  LEGACY_UNAVAILABLE: 'LEGACY_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  BAD_REQUEST: 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  SUBGRAPH_HTTP_ERROR: 'SUBGRAPH_HTTP_ERROR',
  DOWNSTREAM_SERVICE_ERROR: 'DOWNSTREAM_SERVICE_ERROR',
  // business refusals (userErrors)
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  UNKNOWN_SKU: 'UNKNOWN_SKU',
  UNKNOWN_LOCATION: 'UNKNOWN_LOCATION',
  UNKNOWN_ORDER: 'UNKNOWN_ORDER',
  UNKNOWN_RESERVATION: 'UNKNOWN_RESERVATION',
  UNKNOWN_SHIPMENT: 'UNKNOWN_SHIPMENT',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_INPUT: 'INVALID_INPUT',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_FLIGHT: 'IDEMPOTENCY_IN_FLIGHT',
  RESERVATION_NOT_ACTIVE: 'RESERVATION_NOT_ACTIVE',
  SHIPMENT_NOT_OPEN: 'SHIPMENT_NOT_OPEN',
  OVER_RETURN: 'OVER_RETURN',
  NOT_SHIPPED: 'NOT_SHIPPED',
  CHANNEL_NOT_SERVED: 'CHANNEL_NOT_SERVED',
  UNKNOWN_DISCREPANCY: 'UNKNOWN_DISCREPANCY',
  ALREADY_RESOLVED: 'ALREADY_RESOLVED',
  NO_LOCAL_CODE: 'NO_LOCAL_CODE',
  COUNT_REFUSED: 'COUNT_REFUSED',
  SOURCE_UNAVAILABLE: 'SOURCE_UNAVAILABLE',
  /** REDIS_ACK_REPLICAS: a stock write no replica confirmed in time (e.g. a shard whose replica is gone) */
  REPLICA_ACK_FAILED: 'REPLICA_ACK_FAILED',
  /** a shipment with backorder lines whose stock has not been received (and turned into on-hand holds) yet */
  BACKORDER_NOT_RECEIVED: 'BACKORDER_NOT_RECEIVED',
  /** a line (or order) already shipped or collected: what left cannot be cancelled */
  ALREADY_FULFILLED: 'ALREADY_FULFILLED',
  /** more units to cancel than the line has open */
  OVER_CANCEL: 'OVER_CANCEL',
  /** more units to fulfil than the shipment line has open */
  OVER_FULFILMENT: 'OVER_FULFILMENT',
  /** the order was cancelled: nothing more can happen to it */
  ORDER_CANCELLED: 'ORDER_CANCELLED',
  /** a line the order does not have */
  UNKNOWN_ORDER_LINE: 'UNKNOWN_ORDER_LINE',
  /** the shipment is not a pickup, or not in the state the step needs */
  INVALID_SHIPMENT_STATE: 'INVALID_SHIPMENT_STATE',
  /** the legacy OMS refused with a reason its protocol does not list (the message names it) */
  OMS_REFUSED: 'OMS_REFUSED',
  /** no transfer with that id */
  UNKNOWN_TRANSFER: 'UNKNOWN_TRANSFER',
  /** the transfer is not in the state the step needs (ship: requested; receive: shipped) */
  INVALID_TRANSFER_STATE: 'INVALID_TRANSFER_STATE',
  /** a receipt names more units of a SKU than the transfer shipped */
  OVER_RECEIPT: 'OVER_RECEIPT',
  /** the legacy system that owns a location refused to book the move */
  TRANSFER_REFUSED: 'TRANSFER_REFUSED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What each code means to a client; a code without a line here does not compile. */
export const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'An argument is malformed or out of range (ids, quantities, coordinates, radii, dates, list sizes); nothing was done.',
  UNAUTHENTICATED: 'No valid credentials: API key, JWT or, between gateway and subgraph, the signed identity header.',
  FORBIDDEN: 'The caller is known but lacks the scope or channel the field needs.',
  RATE_LIMITED: 'The caller sent more requests than its rate allows; retry after `retryAfter` seconds.',
  LEGACY_UNAVAILABLE: 'A legacy system needed for a write could not be reached; nothing was written.',
  INTERNAL_SERVER_ERROR: 'An unexpected failure; the message is masked and the detail is in the log.',
  BAD_REQUEST: 'The HTTP body is not a GraphQL request (not JSON, or no query).',
  PAYLOAD_TOO_LARGE: 'The HTTP body is larger than the gateway accepts (413).',
  METHOD_NOT_ALLOWED: 'Only GET and POST are served, and mutations only over POST (405).',
  UNSUPPORTED_MEDIA_TYPE: 'The body is not UTF-8 JSON (415).',
  GRAPHQL_PARSE_FAILED: 'The query is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The query does not validate against the graph, or exceeds a limit (depth, aliases, tokens, cost…).',
  PERSISTED_QUERY_NOT_FOUND: 'With the safelist on, the query is not one of the registered operations.',
  SUBGRAPH_HTTP_ERROR: 'A subgraph answered with an HTTP error; the gateway reports it as INTERNAL_SERVER_ERROR.',
  DOWNSTREAM_SERVICE_ERROR: 'A subgraph failed (Apollo Gateway\'s code); the gateway reports it as INTERNAL_SERVER_ERROR.',
  INSUFFICIENT_STOCK: 'Not enough available stock for the hold or order; nothing was held.',
  UNKNOWN_SKU: 'No such SKU, or one outside the partner\'s assortment, or one the OMS does not sell.',
  UNKNOWN_LOCATION: 'No such location.',
  UNKNOWN_ORDER: 'No such order.',
  UNKNOWN_RESERVATION: 'No such reservation.',
  UNKNOWN_SHIPMENT: 'No such shipment.',
  INVALID_QUANTITY: 'A quantity is not a whole number in the accepted range.',
  INVALID_INPUT: 'An input field is malformed or contradicts another (e.g. both a destination and a pickup location).',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was used before with a different request.',
  IDEMPOTENCY_IN_FLIGHT: 'A request with the same idempotency key is still being processed; retry shortly.',
  RESERVATION_NOT_ACTIVE: 'The reservation was already released, expired or consumed.',
  SHIPMENT_NOT_OPEN: 'The shipment is cancelled or already confirmed, or the OMS refused the fulfilment.',
  OVER_RETURN: 'The return asks for more units than were shipped and not yet returned.',
  NOT_SHIPPED: 'Nothing of the order has shipped yet, so nothing can be returned.',
  CHANNEL_NOT_SERVED: 'The channel gets no stock from the location asked about.',
  UNKNOWN_DISCREPANCY: 'No stock discrepancy with that id.',
  ALREADY_RESOLVED: 'The discrepancy is already resolved; no count is asked for.',
  NO_LOCAL_CODE: 'The system that holds the goods has no code for the SKU or location, so it cannot be asked to count.',
  COUNT_REFUSED: 'The system that holds the goods refused the count request.',
  REPLICA_ACK_FAILED: 'Durable acknowledgement is on and no replica confirmed the stock write in time (its shard may have lost its replica); the write was not acknowledged, a hold was taken back. Retry later with the same idempotency key.',
  SOURCE_UNAVAILABLE: 'The system that holds the goods could not be reached; try again later.',
  ALREADY_FULFILLED: 'A line (or order) already shipped or collected: what left cannot be cancelled.',
  OVER_CANCEL: 'More units to cancel than the line has open.',
  OVER_FULFILMENT: 'More units to fulfil than the shipment line has open.',
  ORDER_CANCELLED: 'The order was cancelled: nothing more can happen to it.',
  UNKNOWN_ORDER_LINE: 'A line the order does not have.',
  INVALID_SHIPMENT_STATE: 'The shipment is not a pickup, or not in the state the step needs.',
  BACKORDER_NOT_RECEIVED: 'A shipment with backorder lines cannot be confirmed before their stock is received and held on hand.',
  OMS_REFUSED: 'The legacy OMS refused with a reason its protocol does not list (the message names it).',
  UNKNOWN_TRANSFER: 'No transfer with that id.',
  INVALID_TRANSFER_STATE: 'The transfer is not in the state the step needs: only a requested transfer ships, only a shipped one is received.',
  OVER_RECEIPT: 'The receipt names more units of a SKU than the transfer shipped (or a SKU it did not ship).',
  TRANSFER_REFUSED: 'The system that owns a location (the WMS for a DC, the POS for a store) refused to book the move; nothing moved.',
};

export interface UserError { field: string[] | null; code: ErrorCode; message: string }

export function userError(code: ErrorCode, message: string, field: (string | number)[] | null = null): UserError {
  return { code, message, field: field ? field.map(String) : null };
}

export function badUserInput(message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } });
}

export function graphQLError(code: ErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Thrown by legacy clients; carries the system, never a URL or body to the client. */
export class LegacyError extends Error {
  constructor(
    readonly system: string,
    readonly kind: 'timeout' | 'unavailable' | 'status' | 'format',
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LegacyError';
  }
  /** Only failures that may pass with time are worth retrying (idempotent reads only). */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'unavailable' || (this.status !== undefined && this.status >= 500);
  }
}
