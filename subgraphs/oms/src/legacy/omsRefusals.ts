import { ErrorCode, userError, type UserError } from '@stockgraph/shared';
import type { OmsRefusalCode } from './omsTypes';

/** Each refusal of the legacy OMS as the stable userError code clients see. */
export const OMS_REFUSAL_CODES: Readonly<Record<OmsRefusalCode, ErrorCode>> = Object.freeze({
  unknown_order: ErrorCode.UNKNOWN_ORDER,
  over_return: ErrorCode.OVER_RETURN,
  not_fulfilled: ErrorCode.NOT_SHIPPED,
  not_cancellable: ErrorCode.ALREADY_FULFILLED,
  over_cancel: ErrorCode.OVER_CANCEL,
  over_fulfilment: ErrorCode.OVER_FULFILMENT,
  order_cancelled: ErrorCode.ORDER_CANCELLED,
  unknown_line: ErrorCode.UNKNOWN_ORDER_LINE,
  unknown_sku: ErrorCode.UNKNOWN_SKU,
  unknown_node: ErrorCode.UNKNOWN_LOCATION,
  over_reallocation: ErrorCode.OVER_FULFILMENT,
  duplicate_line: ErrorCode.IDEMPOTENCY_KEY_REUSED,
  duplicate: ErrorCode.IDEMPOTENCY_KEY_REUSED,
  other: ErrorCode.OMS_REFUSED,
});

/**
 * A refusal of the legacy OMS as a userError: `what` says which write ("order", "cancellation"…),
 * `detail` is the OMS's own code (only ever a lower-case token, never its free text).
 */
export function omsRefusal(refused: { refusal: OmsRefusalCode; detail: string }, what: string, field: (string | number)[] | null): UserError {
  return userError(OMS_REFUSAL_CODES[refused.refusal], `The OMS refused the ${what}: ${refused.detail}`, field);
}
