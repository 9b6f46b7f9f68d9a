import type { UserError } from '@stockgraph/shared';
import { validateReturn, type OrderSnapshot, type ReturnLineRequest, type ReturnLookups, type ReturnRequest } from '../validateReturn';

const order: OrderSnapshot = {
  orderId: 'O1',
  channel: 'DTC',
  lines: [
    { lineNo: 3, sku: 'A', orderedQty: 2, fulfilledQty: 2, returnedQty: 0 },
    { lineNo: 1, sku: 'A', orderedQty: 3, fulfilledQty: 3, returnedQty: 1 },
    { lineNo: 2, sku: 'B', orderedQty: 2, fulfilledQty: 0, returnedQty: 0 },
    { lineNo: 4, sku: 'C', orderedQty: 4, fulfilledQty: 1, returnedQty: 0 },
  ],
};
const catalogue = new Set(['A', 'B', 'C', 'D']);
const lookups = (over: Partial<ReturnLookups> = {}): ReturnLookups => ({
  order,
  isKnownLocation: (id) => id === 'S001' || id === 'D001',
  isKnownSku: (sku) => catalogue.has(sku),
  ...over,
});
const request = (lines: Partial<ReturnLineRequest>[], over: Partial<ReturnRequest> = {}): ReturnRequest => ({
  orderId: 'O1',
  channel: 'DTC',
  returnLocationId: 'S001',
  lines: lines.map((l) => ({ sku: 'A', quantity: 1, condition: 'NEW', ...l })),
  ...over,
});
const codes = (errors: UserError[]) => errors.map((e) => [e.code, (e.field ?? []).join('.')]);

describe('validateReturn refusals', () => {
  const cases: { name: string; req: ReturnRequest; look?: Partial<ReturnLookups>; want: [string, string][] }[] = [
    // A: 5 shipped over two order lines, 1 already returned → 4 returnable
    { name: 'over-return counting the earlier return', req: request([{ quantity: 5 }]), want: [['OVER_RETURN', 'lines.0.quantity']] },
    { name: 'duplicate SKU lines are summed; the line that crosses is blamed', req: request([{ quantity: 3 }, { quantity: 1, condition: 'DAMAGED' }, { quantity: 1 }]), want: [['OVER_RETURN', 'lines.2.quantity']] },
    { name: 'a summed SKU is reported once', req: request([{ quantity: 3 }, { quantity: 2 }, { quantity: 2 }]), want: [['OVER_RETURN', 'lines.1.quantity']] },
    { name: 'unknown order', req: request([{}], { orderId: 'O9' }), look: { order: null }, want: [['UNKNOWN_ORDER', 'orderId']] },
    { name: 'unknown SKU in the catalogue', req: request([{ sku: 'ZZ' }]), want: [['UNKNOWN_SKU', 'lines.0.sku']] },
    { name: 'known SKU not on the order', req: request([{ sku: 'D' }]), want: [['UNKNOWN_SKU', 'lines.0.sku']] },
    { name: 'SKU not on the order without a catalogue', req: request([{ sku: 'ZZ' }]), look: { isKnownSku: undefined }, want: [['UNKNOWN_SKU', 'lines.0.sku']] },
    { name: 'a line never shipped', req: request([{ sku: 'B' }]), want: [['NOT_SHIPPED', 'lines.0.quantity']] },
    { name: 'more than shipped but within ordered', req: request([{ sku: 'C', quantity: 2 }]), want: [['NOT_SHIPPED', 'lines.0.quantity']] },
    { name: 'more than ordered', req: request([{ sku: 'C', quantity: 5 }]), want: [['OVER_RETURN', 'lines.0.quantity']] },
    { name: 'zero quantity', req: request([{ quantity: 0 }]), want: [['INVALID_QUANTITY', 'lines.0.quantity']] },
    { name: 'negative quantity', req: request([{}, { quantity: -2 }]), want: [['INVALID_QUANTITY', 'lines.1.quantity']] },
    { name: 'fractional quantity', req: request([{ quantity: 1.5 }]), want: [['INVALID_QUANTITY', 'lines.0.quantity']] },
    { name: 'unknown return location', req: request([{}], { returnLocationId: 'X9' }), want: [['UNKNOWN_LOCATION', 'returnLocationId']] },
    { name: 'channel differs from the order', req: request([{}], { channel: 'RETAIL' }), want: [['INVALID_INPUT', 'channel']] },
    { name: 'no lines', req: request([]), want: [['INVALID_INPUT', 'lines']] },
    {
      name: 'every problem at once',
      req: request([{ quantity: 0 }, { sku: 'ZZ' }, { sku: 'B' }], { orderId: 'O9', returnLocationId: 'X9' }),
      look: { order: null },
      want: [['UNKNOWN_ORDER', 'orderId'], ['UNKNOWN_LOCATION', 'returnLocationId'], ['INVALID_QUANTITY', 'lines.0.quantity'], ['UNKNOWN_SKU', 'lines.1.sku']],
    },
  ];

  it.each(cases)('$name', ({ req, look, want }) => {
    const result = validateReturn(req, lookups(look));
    expect(result.ok).toBe(false);
    expect(codes(result.userErrors)).toEqual(want);
    expect(result).not.toHaveProperty('allocations');
    for (const e of result.userErrors) expect(e.message.length).toBeGreaterThan(0);
  });

  it('says how much can be returned and why', () => {
    const result = validateReturn(request([{ quantity: 3 }, { quantity: 2 }]), lookups());
    expect(result.userErrors[0].message).toBe('return of 2 A (5 with the earlier lines of this SKU) exceeds what can be returned: 4 (5 shipped, 1 already returned)');
  });
});

describe('validateReturn allocation', () => {
  it('fills the SKU\'s order lines in lineNo order', () => {
    const result = validateReturn(request([{ quantity: 3 }]), lookups());
    expect(result).toEqual({
      ok: true,
      userErrors: [],
      allocations: [
        { requestLine: 0, orderLineNo: 1, sku: 'A', quantity: 2, condition: 'NEW' },
        { requestLine: 0, orderLineNo: 3, sku: 'A', quantity: 1, condition: 'NEW' },
      ],
    });
  });

  it('allocates duplicate SKU lines one after the other, keeping each condition', () => {
    const result = validateReturn(request([{ quantity: 1 }, { quantity: 3, condition: 'DAMAGED' }, { sku: 'C' }]), lookups());
    expect(result.ok && result.allocations).toEqual([
      { requestLine: 0, orderLineNo: 1, sku: 'A', quantity: 1, condition: 'NEW' },
      { requestLine: 1, orderLineNo: 1, sku: 'A', quantity: 1, condition: 'DAMAGED' },
      { requestLine: 1, orderLineNo: 3, sku: 'A', quantity: 2, condition: 'DAMAGED' },
      { requestLine: 2, orderLineNo: 4, sku: 'C', quantity: 1, condition: 'NEW' },
    ]);
  });

  it('accepts exactly what is returnable and returns to any known location', () => {
    const result = validateReturn(request([{ quantity: 4 }], { returnLocationId: 'D001' }), lookups());
    expect(result.ok).toBe(true);
    expect(result.ok && result.allocations.reduce((a, x) => a + x.quantity, 0)).toBe(4);
  });
});
