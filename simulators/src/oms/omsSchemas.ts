import { z } from 'zod';

const ref = z.string().min(1).max(64);
const qty = z.number().int().min(1).max(100_000);

function uniqueLineNos(lines: { line_no: number }[]): boolean {
  return new Set(lines.map((l) => l.line_no)).size === lines.length;
}

export const createOrderSchema = z.object({
  external_id: ref,
  channel: z.enum(['web', 'store', 'wholesale', 'marketplace']),
  lines: z
    .array(z.object({
      line_no: z.number().int().min(1).max(10_000),
      sku: z.string().min(1).max(128),
      qty,
      node_id: z.string().min(1).max(32),
      method: z.enum(['ship', 'pickup']),
      shipment_ref: ref.nullable().optional(),
    }))
    .min(1)
    .max(200)
    .refine(uniqueLineNos, 'line_no must be unique'),
  ship_to: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullable().optional(),
  pickup_node: z.string().min(1).max(32).nullable().optional(),
});
export type CreateOrderBody = z.infer<typeof createOrderSchema>;

export const fulfilmentSchema = z.object({
  shipment_ref: ref,
  lines: z.array(z.object({ line_no: z.number().int().min(1), qty })).min(1).max(200).refine(uniqueLineNos, 'line_no must be unique'),
});
export type FulfilmentBody = z.infer<typeof fulfilmentSchema>;

export const returnSchema = z.object({
  order_id: z.string().min(1).max(32),
  rma_ref: ref,
  node_id: z.string().min(1).max(32),
  lines: z
    .array(z.object({ line_no: z.number().int().min(1), sku: z.string().min(1).max(128), qty, condition: z.string().min(1).max(32) }))
    .min(1)
    .max(200),
});
export type ReturnBody = z.infer<typeof returnSchema>;

export const cancelSchema = z.object({
  lines: z.array(z.object({ line_no: z.number().int().min(1), qty })).min(1).max(200).refine(uniqueLineNos, 'line_no must be unique').optional(),
  reason: z.string().max(200).nullable().optional(),
});
export type CancelBody = z.infer<typeof cancelSchema>;

export const reallocationSchema = z.object({
  from_line_no: z.number().int().min(1),
  qty,
  line_no: z.number().int().min(1).max(10_000),
  node_id: z.string().min(1).max(32),
  method: z.enum(['ship', 'pickup']).optional(),
  shipment_ref: ref,
});
export type ReallocationBody = z.infer<typeof reallocationSchema>;
