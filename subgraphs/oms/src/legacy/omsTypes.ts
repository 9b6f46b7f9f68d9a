import type { Channel, FulfillmentMethod, GeoPoint, LocationType } from '@stockgraph/shared';
import type { REFUSALS } from './omsWire';

/** The OMS's records once normalized: global plant codes for nodes, domain enums, ms times. */

export interface OmsProduct {
  /** the e-commerce SKU, e.g. WEB-linen-shirt-blue-m */
  sku: string;
  gtin: string | null;
  title: string;
  active: boolean;
}

export interface OmsNode {
  nodeId: string;
  /** ERP plant code = global location id */
  plant: string;
  type: LocationType;
  name: string;
}

export type OmsOrderStatus = 'OPEN' | 'PARTIALLY_FULFILLED' | 'FULFILLED' | 'CANCELLED' | 'PARTIALLY_CANCELLED';

export interface OmsOrderLineInput {
  lineNo: number;
  sku: string;
  qty: number;
  plant: string;
  method: FulfillmentMethod;
  shipmentRef: string | null;
}

export interface OmsOrderInput {
  externalId: string;
  channel: Channel;
  lines: OmsOrderLineInput[];
  shipTo: GeoPoint | null;
  pickupPlant: string | null;
}

export interface OmsOrderLine extends OmsOrderLineInput {
  fulfilledQty: number;
  returnedQty: number;
  cancelledQty: number;
}

/** A line's figures as an event reports them after the fact. */
export interface OmsLineState { lineNo: number; qty: number; plant: string; shipmentRef: string | null; fulfilledQty: number; cancelledQty: number; returnedQty: number }

/** The order as it stands after an event; null for an event that does not carry it. */
export interface OmsOrderState { status: OmsOrderStatus; lines: OmsLineState[] }

export interface OmsCancelInput {
  /** open units to cancel per line; omitted = everything still open */
  lines?: { lineNo: number; qty: number }[];
  reason?: string | null;
}

/** Open units of a line moved to a new line (at another node, or a backorder at the same one). */
export interface OmsReallocationInput { fromLineNo: number; qty: number; lineNo: number; plant: string; method: FulfillmentMethod; shipmentRef: string }

export interface OmsOrder {
  orderId: string;
  externalId: string | null;
  channel: Channel;
  status: OmsOrderStatus;
  createdAt: number;
  lines: OmsOrderLine[];
}

export interface OmsFulfilmentInput {
  shipmentRef: string;
  lines: { lineNo: number; qty: number }[];
}

export type OmsItemCondition = 'NEW' | 'OPENED' | 'DAMAGED' | 'DEFECTIVE';

export interface OmsReturnInput {
  orderId: string;
  rmaRef: string;
  /** where it comes back */
  plant: string;
  lines: { lineNo: number; sku: string; qty: number; condition: OmsItemCondition }[];
}

export interface OmsAllocation {
  orderId: string;
  lineNo: number;
  sku: string;
  plant: string;
  /** open (unfulfilled) eaches */
  qty: number;
}

export type OmsEventType = 'order_created' | 'order_cancelled' | 'fulfilment_created' | 'return_created' | 'order_reallocated';

/** A fulfilment's or return's line; what the OMS left out or sent malformed is null. */
export interface OmsEventLine {
  /** 0 when the OMS gave none */
  lineNo: number;
  /** the OMS's product code */
  sku: string | null;
  /** the OMS node code the units left or came back to (a return's node applies to all its lines) */
  node: string | null;
  qty: number | null;
  /** a returned unit's condition, upper-cased (NEW, OPENED, DAMAGED, DEFECTIVE) */
  condition: string | null;
}

export interface OmsEvent {
  seq: number;
  type: OmsEventType;
  orderId: string;
  at: number;
  /** fulfilment_created and return_created; empty for the others */
  lines: OmsEventLine[];
  /** return_created: the RMA reference the return was written with, if any */
  rmaRef: string | null;
  /** the order's status and line figures after the event, when the OMS sends them */
  state: OmsOrderState | null;
}

export interface OmsEventPage {
  events: OmsEvent[];
  /** pass as `after` next time */
  lastSeq: number;
  /** the page was full: read again at once */
  more: boolean;
  /** events of types this client does not know, passed over (the sequence still moves on) */
  skipped: number;
}

/**
 * A 422 code of the protocol, `duplicate` for a key the OMS saw with another body (409), or
 * `other` for any 422 code the protocol does not list (`detail` then holds the OMS's code).
 */
export type OmsRefusalCode = (typeof REFUSALS)[number] | 'duplicate' | 'other';

/** Business refusals are data, not errors: the caller turns them into userErrors. */
export type OmsWriteResult<T> =
  | { ok: true; value: T; /** the OMS answered an earlier write with the same key */ replayed: boolean }
  | { ok: false; refusal: OmsRefusalCode; detail: string };
