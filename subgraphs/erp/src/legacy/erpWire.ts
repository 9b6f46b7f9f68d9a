import { z } from 'zod';
import { erpDate, erpTimestamp, sapFlag, wireCount, wireDecimal, wireEaches, wireFloat } from '@stockgraph/shared/http';

/** The ERP's JSON answers as they come over the wire (terse SAP field names, decimal strings). */

const matnr = z.string().regex(/^\d{18}$/);
const page = { pg: wireCount, tot: wireCount };

export const materialsPage = z.object({
  ...page,
  d: z.array(
    z.object({
      matnr,
      maktx: z.string(),
      matkl: z.string(),
      eans: z.array(z.string().regex(/^\d{8,14}$/)).nullish().transform((v) => v ?? []),
      stprs: wireDecimal,
      vkp: wireDecimal,
      waers: z.string().regex(/^[A-Z]{3}$/),
      lifnr: z.string().min(1),
      plifz: wireCount,
      plifzSd: wireFloat.refine((n) => n >= 0),
      aedat: erpDate,
    }),
  ),
});

export const vendorsAnswer = z.object({
  d: z.array(
    z.object({
      lifnr: z.string().min(1),
      name1: z.string(),
      land1: z.string(),
      rtv: sapFlag,
      rtvPct: z.union([wireDecimal, z.literal('').transform(() => 0), z.number().finite()]).nullish(),
      /** share of confirmed PO quantity delivered in full (0..1); absent from older ERPs */
      trust: z.union([wireDecimal, z.number().finite()]).nullish(),
      /** minimum order quantity per line, units */
      minbm: z.union([wireDecimal, z.number().finite()]).nullish(),
    }),
  ),
});

export const plantsAnswer = z.object({
  d: z.array(
    z.object({
      werks: z.string().regex(/^[A-Z0-9]{4}$/),
      name1: z.string(),
      typ: z.enum(['DC', 'ST']),
      ort01: z.string(),
      lat: wireFloat.refine((n) => n >= -90 && n <= 90),
      lon: wireFloat.refine((n) => n >= -180 && n <= 180),
      sfs: sapFlag,
      cnc: sapFlag,
      cap: wireCount.nullish(),
    }),
  ),
});

/** Stock is only ever counted in eaches; any other unit would need a conversion this client lacks. */
const eachUnit = z.literal('EA');

export const stockPage = z.object({
  ...page,
  werks: z.string(),
  ts: erpTimestamp,
  d: z.array(z.object({ matnr, labst: wireEaches, meins: eachUnit })),
});

export const purchaseOrdersPage = z.object({
  ...page,
  d: z.array(
    z.object({
      ebeln: z.string().min(1),
      lifnr: z.string().min(1),
      werks: z.string().min(1),
      bedat: erpDate,
      items: z.array(
        // budat: goods-receipt posting date, on received lines
        z.object({ ebelp: z.string().min(1), matnr, menge: wireEaches, meins: eachUnit, eindt: erpDate, wemng: wireEaches, budat: erpDate.nullish() }),
      ),
    }),
  ),
});
