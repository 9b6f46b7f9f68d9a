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
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

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
