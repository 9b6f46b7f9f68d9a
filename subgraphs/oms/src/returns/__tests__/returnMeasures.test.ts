import { createRma, transitionRma, withLineDispositions, type RmaLine, type RmaRecord, type RmaResult, type RmaStatus } from '../rma';
import { percentile, returnMeasures } from '../returnMeasures';
import type { Channel } from '@stockgraph/shared';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);
const step = (r: RmaResult): RmaRecord => {
  if (!r.ok) throw new Error(r.userError.message);
  return r.rma;
};

/** An RMA received at T0 + receivedH hours and, when disposedH is given, disposed then. */
function rma(id: string, channel: Channel, receivedH: number | null, disposedH: number | null, lines: RmaLine[]): RmaRecord {
  let r = createRma({ id, orderId: `O-${id}`, channel, returnLocationId: 'S001', lines }, T0 - 48 * H);
  if (receivedH === null) return r;
  const go = (s: RmaStatus, h: number) => (r = step(transitionRma(r, s, T0 + h * H)));
  go('RECEIVED', receivedH);
  if (disposedH === null) return r;
  go('INSPECTED', receivedH);
  r = step(withLineDispositions(r, lines.map((l) => ({ disposition: l.disposition ?? 'DESTROY', expectedRecovery: l.expectedRecovery ?? 0, processingCost: l.processingCost ?? 0 }))));
  go('DISPOSED', disposedH);
  return { ...r, lines: r.lines.map((l, i) => ({ ...l, recoveredValue: lines[i].recoveredValue ?? null })) };
}

const rmas = [
  rma('1', 'DTC', 1, 5, [{ sku: 'A', quantity: 2, condition: 'NEW', originalValue: 100, disposition: 'RESTOCK', expectedRecovery: 97, processingCost: 3 }]),
  rma('2', 'DTC', 2, 12, [{ sku: 'B', quantity: 1, condition: 'DEFECTIVE', originalValue: 50, disposition: 'LIQUIDATE', expectedRecovery: 5.5, recoveredValue: 4, processingCost: 0.75 }]),
  rma('3', 'RETAIL', 3, 4, [{ sku: 'C', quantity: 1, condition: 'DAMAGED', originalValue: 80, disposition: 'REFURBISH', expectedRecovery: 40, processingCost: 8.5 }]),
  rma('4', 'RETAIL', 6, null, [{ sku: 'D', quantity: 3, condition: 'OPENED', originalValue: 60 }]),
  rma('5', 'DTC', -5, 1, [{ sku: 'E', quantity: 9, condition: 'NEW', originalValue: 90, disposition: 'RESTOCK', expectedRecovery: 88, processingCost: 1 }]),
  rma('6', 'MARKETPLACE', null, null, [{ sku: 'F', quantity: 4, condition: 'NEW', originalValue: 40 }]),
];

describe('returnMeasures', () => {
  const m = returnMeasures({ rmas, soldUnitsByChannel: { DTC: 30, RETAIL: 40, WHOLESALE: 0 }, period: { from: T0, to: T0 + 240 * H } });

  it('counts the RMAs received in the period', () => {
    expect([m.returns, m.returnedUnits]).toEqual([4, 7]);
  });

  it('gives the return rate by channel of purchase', () => {
    expect(m.returnRateByChannel).toEqual([
      { channel: 'DTC', soldUnits: 30, returnedUnits: 3, returnRate: 0.1 },
      { channel: 'RETAIL', soldUnits: 40, returnedUnits: 4, returnRate: 0.1 },
      { channel: 'WHOLESALE', soldUnits: 0, returnedUnits: 0, returnRate: null },
      { channel: 'MARKETPLACE', soldUnits: 0, returnedUnits: 0, returnRate: null },
    ]);
  });

  it('gives cost per disposed return and the yield, realised recovery first', () => {
    expect(m.costPerReturn).toBe(4.08); // (3 + 0.75 + 8.5) / 3
    expect(m.dispositionYield).toBeCloseTo(141 / 230, 12); // 97 + 4 + 40 over 100 + 50 + 80
    expect(m.yieldByDisposition).toEqual([
      { disposition: 'RESTOCK', units: 2, originalValue: 100, recoveredValue: 97, yield: 0.97 },
      { disposition: 'REFURBISH', units: 1, originalValue: 80, recoveredValue: 40, yield: 0.5 },
      { disposition: 'LIQUIDATE', units: 1, originalValue: 50, recoveredValue: 4, yield: 0.08 },
    ]);
  });

  it('gives mean and p50 hours from receipt to disposition', () => {
    expect(m.receiptToDispositionHours).toEqual({ count: 3, mean: 5, p50: 4 }); // 4, 10, 1
  });

  it('answers nulls for an empty period', () => {
    const empty = returnMeasures({ rmas, soldUnitsByChannel: {}, period: { from: T0 + 1000 * H, to: T0 + 2000 * H } });
    expect(empty).toMatchObject({ returns: 0, returnedUnits: 0, costPerReturn: null, dispositionYield: null, yieldByDisposition: [] });
    expect(empty.receiptToDispositionHours).toEqual({ count: 0, mean: null, p50: null });
  });
});

describe('percentile', () => {
  it.each([
    [[4, 1, 10], 50, 4],
    [[1, 2, 3, 4], 50, 2.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1],
    [[7], 50, 7],
    [[], 50, null],
  ])('%j p%i → %p', (values, p, want) => {
    const got = percentile(values, p);
    if (want === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(want, 12);
  });

  it('refuses a percentile outside 0–100', () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});
