import { z } from 'zod';

/**
 * zod schemas for the scalar shapes legacy systems send (decimal strings, quantities with
 * decimals, compact dates). Each parses exactly or fails: a legacy '12,5' or 'N/A' must never
 * become NaN or a silently rounded figure.
 */

function exactNumber(s: string, ctx: z.RefinementCtx, integer: boolean): number {
  const n = Number(s);
  if (!Number.isFinite(n) || (integer && !Number.isSafeInteger(n))) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not a representable number' });
    return z.NEVER;
  }
  return n;
}

/** '12.40', '-3', '29.99' → number */
export const wireDecimal = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/)
  .transform((s, ctx) => exactNumber(s, ctx, false));

/** A count of eaches sent as a decimal string: '120.000' → 120; '1.500' and '-1' are refused. */
export const wireEaches = z
  .string()
  .trim()
  .regex(/^\d+(\.0+)?$/)
  .transform((s, ctx) => exactNumber(s.split('.')[0], ctx, true));

/** A whole number sent as text or JSON number, sign allowed: '-2', 7 → number */
export const wireInteger = z.union([
  z.number().int().refine(Number.isSafeInteger),
  z
    .string()
    .trim()
    .regex(/^-?\d+$/)
    .transform((s, ctx) => exactNumber(s, ctx, true)),
]);

/** A whole number ≥ 0, text or JSON number. */
export const wireCount = wireInteger.refine((n) => n >= 0);

/** A coordinate or other float, text or JSON number. */
export const wireFloat = z.union([z.number().finite(), wireDecimal]);

function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | undefined {
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  // Date.UTC rolls 20261131 over to 1 December; a legacy date that does not exist is an error.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  return ms;
}

function dateTransform(pattern: RegExp) {
  return (s: string, ctx: z.RefinementCtx): number => {
    const m = pattern.exec(s);
    const parts = m ? m.slice(1).map(Number) : [];
    const ms = m ? utcMs(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]) : undefined;
    if (ms === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.invalid_date });
      return z.NEVER;
    }
    return ms;
  };
}

/** ERP compact date 'YYYYMMDD' → ms since epoch at 00:00 UTC */
export const erpDate = z.string().trim().transform(dateTransform(/^(\d{4})(\d{2})(\d{2})$/));

/** ERP batch timestamp 'YYYYMMDDTHHMMSS' (UTC) → ms since epoch */
export const erpTimestamp = z.string().trim().transform(dateTransform(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/));

/** ISO calendar date 'YYYY-MM-DD' → ms since epoch at 00:00 UTC */
export const isoDate = z.string().trim().transform(dateTransform(/^(\d{4})-(\d{2})-(\d{2})$/));

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 date-time with an explicit zone → ms since epoch (Date.parse alone accepts too much). */
export const isoDateTime = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const ms = ISO_DATE_TIME.test(s) ? Date.parse(s) : Number.NaN;
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: z.ZodIssueCode.invalid_date });
      return z.NEVER;
    }
    return ms;
  });

/** Legacy flag fields: 'X' set, '' or absent not set (SAP style). */
export const sapFlag = z
  .union([z.literal('X'), z.literal('x'), z.literal(''), z.literal(' '), z.null(), z.undefined()])
  .transform((v) => v === 'X' || v === 'x');
