import { z } from 'zod';
import { LegacyError } from '../../errors';
import { parseWire } from '../parseWire';
import { erpDate, erpTimestamp, isoDate, isoDateTime, sapFlag, wireDecimal, wireEaches, wireInteger } from '../wireValues';

const ok = <S extends z.ZodTypeAny>(s: S, v: unknown) => s.parse(v) as z.output<S>;
const bad = (s: z.ZodTypeAny, v: unknown) => expect(s.safeParse(v).success).toBe(false);

describe('wire values', () => {
  it('reads decimals and eaches exactly', () => {
    expect(ok(wireDecimal, '12.40')).toBe(12.4);
    expect(ok(wireDecimal, '-3')).toBe(-3);
    for (const v of ['12,40', '1e3', '', ' ', 'NaN', '0x10', 12.4]) bad(wireDecimal, v);
    expect(ok(wireEaches, '120.000')).toBe(120);
    expect(ok(wireEaches, '7')).toBe(7);
    for (const v of ['1.500', '-1.000', '120.', '12O', '99999999999999999999']) bad(wireEaches, v);
    expect(ok(wireInteger, '-2')).toBe(-2);
    expect(ok(wireInteger, 5)).toBe(5);
    bad(wireInteger, 1.5);
  });

  it('reads legacy dates and refuses impossible ones', () => {
    expect(ok(erpDate, '20261126')).toBe(Date.UTC(2026, 10, 26));
    expect(ok(erpTimestamp, '20261126T020000')).toBe(Date.UTC(2026, 10, 26, 2));
    expect(ok(isoDate, '2026-12-01')).toBe(Date.UTC(2026, 11, 1));
    expect(ok(isoDateTime, '2026-11-26T14:00:00.000+01:00')).toBe(Date.UTC(2026, 10, 26, 13));
    for (const v of ['20261131', '2026112', '20261126T250000']) bad(erpTimestamp.or(erpDate), v);
    for (const v of ['2026-11-26', '1', 'Thu, 26 Nov 2026 14:00:00 GMT', '2026-11-26T14:00:00']) bad(isoDateTime, v);
  });

  it('reads SAP flags', () => {
    expect([ok(sapFlag, 'X'), ok(sapFlag, ''), ok(sapFlag, undefined)]).toEqual([true, false, false]);
    bad(sapFlag, 'Y');
  });

  it('reports a mismatch as a format error naming the field, never the value', () => {
    const schema = z.object({ d: z.array(z.object({ labst: wireEaches })) });
    let err: unknown;
    try {
      parseWire('ERP', 'stock', schema, { d: [{ labst: 'secret-10.1.2.3' }] }, 'page 2');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LegacyError);
    expect((err as LegacyError).kind).toBe('format');
    expect((err as LegacyError).message).toContain('page 2 d.0.labst');
    expect((err as LegacyError).message).not.toContain('10.1.2.3');
  });
});
