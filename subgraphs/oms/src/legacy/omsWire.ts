import { z } from 'zod';
import { isoDateTime } from '@stockgraph/shared/http';

/** The OMS's snake_case JSON answers as they come over the wire. */

const count = z.number().int().nonnegative();
const nodeId = z.string().regex(/^N-[A-Z0-9]{1,16}$/);

export const WIRE_STATUSES = ['open', 'partially_fulfilled', 'fulfilled', 'cancelled', 'partially_cancelled'] as const;
export const WIRE_CHANNELS = ['web', 'store', 'wholesale', 'marketplace'] as const;
export const EVENT_TYPES = ['order_created', 'order_cancelled', 'fulfilment_created', 'return_created', 'order_reallocated'] as const;
export const REFUSALS = [
  'over_return', 'unknown_order', 'not_fulfilled', 'not_cancellable', 'over_cancel', 'over_fulfilment', 'order_cancelled',
  'unknown_line', 'unknown_sku', 'unknown_node', 'over_reallocation', 'duplicate_line',
] as const;

export const productsPage = z.object({
  items: z.array(z.object({ sku: z.string().min(1), gtin: z.string().regex(/^\d{8,14}$/).nullish(), title: z.string(), active: z.boolean() })),
  next_cursor: z.string().nullish(),
});

export const nodesAnswer = z.object({
  items: z.array(z.object({ node_id: nodeId, type: z.enum(['warehouse', 'store']), name: z.string() })),
});

export const order = z.object({
  order_id: z.string().min(1),
  external_id: z.string().nullish(),
  channel: z.enum(WIRE_CHANNELS),
  status: z.enum(WIRE_STATUSES),
  created_at: isoDateTime,
  lines: z.array(
    z.object({
      line_no: z.number().int().positive(),
      sku: z.string().min(1),
      qty: count,
      node_id: nodeId,
      method: z.enum(['ship', 'pickup']),
      shipment_ref: z.string().nullish(),
      fulfilled_qty: count.optional(),
      returned_qty: count.optional(),
      cancelled_qty: count.optional(),
    }),
  ),
});

export const ordersPage = z.object({ items: z.array(order), next_cursor: z.string().nullish() });

export const orderCreated = z.object({ order_id: z.string().min(1), status: z.enum(WIRE_STATUSES) });

export const returnCreated = z.object({ return_id: z.string().min(1) });

export const errorAnswer = z.object({ error: z.string() });

export const allocationsAnswer = z.object({
  items: z.array(z.object({ order_id: z.string().min(1), line_no: z.number().int().positive(), sku: z.string().min(1), node_id: nodeId, qty: count })),
});

/**
 * What the graph reads of an event's payload: the lines of a fulfilment or return, the node a
 * return names once for all its lines, and the RMA reference a return carries. A line is read field
 * by field, so one malformed line is skipped by the feed rather than failing the whole page.
 */
const text = z.string().min(1);
export const eventPayload = z.object({
  lines: z.array(z.unknown()).catch([]).default([]),
  node_id: text.optional().catch(undefined),
  rma_ref: text.optional().catch(undefined),
});
export const eventLine = z.object({
  line_no: count.optional().catch(undefined),
  sku: text.optional().catch(undefined),
  node_id: text.optional().catch(undefined),
  qty: count.optional().catch(undefined),
  condition: text.optional().catch(undefined),
});

/** The order as it stands after an event (events carry absolute figures, so replays converge). */
export const eventOrderState = z.object({
  status: z.enum(WIRE_STATUSES),
  order_lines: z.array(z.object({
    line_no: z.number().int().positive(), qty: count, node_id: nodeId, shipment_ref: z.string().nullish(),
    fulfilled_qty: count, cancelled_qty: count, returned_qty: count,
  })),
});

export const eventsPage = z.object({
  items: z.array(
    z.object({
      seq: count,
      type: z.string(),
      order_id: z.string().min(1),
      at: isoDateTime,
      payload: z.record(z.unknown()).nullish(),
    }),
  ),
  last_seq: count,
});
