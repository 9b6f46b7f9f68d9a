import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { formatFailure } from '@stockgraph/shared/http';
import { isoDateTime, wireDecimal, wireFloat, wireInteger } from '@stockgraph/shared/http';

/** The POS's CSV exports and JSON answers as they come over the wire. */

/** Parses a CSV export with a header row and checks that the expected columns are there. */
export function readCsv(op: string, text: string, columns: readonly string[]): Record<string, string>[] {
  let header: string[] = [];
  let rows: Record<string, string>[];
  try {
    rows = parse(text, {
      columns: (h: string[]) => (header = h.map((c) => c.trim())),
      bom: true,
      skip_empty_lines: true,
      trim: true,
    }) as Record<string, string>[];
  } catch (err) {
    // csv-parse messages quote the offending text; only its code and line number leave here.
    const e = err as { code?: unknown; lines?: unknown };
    const code = typeof e.code === 'string' ? e.code : 'CSV_INVALID';
    const line = typeof e.lines === 'number' ? ` near line ${e.lines}` : '';
    return formatFailure('POS', op, `${code}${line}`);
  }
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) formatFailure('POS', op, `missing column ${missing.join(', ')}`);
  return rows;
}

export const STORE_NO = /^\d{4}$/;
const storeNo = z.string().regex(STORE_NO);
const barcode = z.string().regex(/^\d{8,14}$/);
const plu = z.string().regex(/^\d{4,5}$/);
const optional = <T extends z.ZodTypeAny>(s: T) => z.union([z.literal('').transform(() => null), s]);

export const storeRow = z.object({
  store_no: storeNo,
  name: z.string(),
  plant: z.string().min(1),
  lat: wireFloat.refine((n) => n >= -90 && n <= 90),
  lng: wireFloat.refine((n) => n >= -180 && n <= 180),
});

export const itemRow = z
  .object({ barcode: optional(barcode), plu: optional(plu), description: z.string(), price: wireDecimal })
  .refine((r) => r.barcode !== null || r.plu !== null, { message: 'barcode or plu required', path: ['barcode'] });

export const stockRow = z
  .object({ barcode: optional(barcode), plu: optional(plu), on_hand: wireInteger, updated_at: isoDateTime })
  .refine((r) => r.barcode !== null || r.plu !== null, { message: 'barcode or plu required', path: ['barcode'] });

export const txnAnswer = z.object({ txn_id: z.string().min(1) });

export const transaction = z
  .object({
    txn_id: z.string().min(1).max(64),
    store_no: storeNo,
    type: z.enum(['SALE', 'RETURN', 'COUNT']),
    ts: isoDateTime,
    lines: z
      .array(
        z.object({
          line: z.number().int().positive(),
          barcode: barcode.nullish().transform((v) => v ?? null),
          plu: plu.nullish().transform((v) => v ?? null),
          qty: z.number().int().nonnegative(),
          price: z.union([wireDecimal, z.number().finite()]).nullish().transform((v) => v ?? null),
          ref: z.string().max(128).nullish(),
        }),
      )
      .min(1)
      .max(1000),
    order_ref: z.string().max(128).nullish().transform((v) => v ?? null),
    ref: z.string().max(128).nullish(),
  })
  .superRefine((t, ctx) => {
    t.lines.forEach((l, i) => {
      if (l.barcode === null && l.plu === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['lines', i, 'barcode'] });
      // a sale or return of nothing is a broken message; a count of zero is a real figure
      if (t.type !== 'COUNT' && l.qty === 0) ctx.addIssue({ code: z.ZodIssueCode.too_small, minimum: 1, inclusive: true, type: 'number', path: ['lines', i, 'qty'] });
    });
  });
