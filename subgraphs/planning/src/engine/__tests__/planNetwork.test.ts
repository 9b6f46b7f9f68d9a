import { arrivalProbability, planNetwork } from '../planNetwork';
import type { NetworkLocation, NetworkSku, NetworkSupplier } from '../networkTypes';

const locations: NetworkLocation[] = [
  { id: 'D001', type: 'DC' },
  { id: 'S001', type: 'STORE', dcId: 'D001' },
  { id: 'S002', type: 'STORE', dcId: 'D001' },
  { id: 'S003', type: 'STORE', dcId: 'D001' },
];
const suppliers: NetworkSupplier[] = [
  { id: 'V1', leadTimeDays: 10, leadTimeSdDays: 2, trust: 0.8 },
  { id: 'V2', leadTimeDays: 30, leadTimeSdDays: 5, trust: 1 },
];
const col = (...v: number[]) => Float64Array.from(v);

function sku(over: Partial<NetworkSku> = {}): NetworkSku {
  return {
    sku: 'SKU-1', supplierId: 'V1', packSize: 12, moq: 48, unitValue: 10,
    onHand: col(200, 5, 20, 15), held: col(0, 0, 0, 0), inTransit: col(0, 0, 0, 0),
    dailyMean: col(1, 3, 3, 3), dailySd: col(1, 2, 2, 2), openPurchaseOrders: [], abc: 'A',
    ...over,
  };
}
const today = 20000;

describe('planNetwork', () => {
  it('refills a store below its reorder point from its DC, with the reason', () => {
    const plan = planNetwork({ suppliers, locations, skus: [sku()] }, { today });
    const t = plan.transfers.find((x) => x.toId === 'S001')!;
    expect(t).toMatchObject({ kind: 'REPLENISH', fromId: 'D001' });
    expect(t.quantity).toBeGreaterThan(20);
    expect(t.reason).toMatch(/S001 is at 5 units, below its reorder point/);
    expect(plan.transfers.every((x) => x.reason.length > 20)).toBe(true);
  });

  it('suggests a store-to-store rebalance when the DC has nothing to spare', () => {
    const plan = planNetwork({ suppliers, locations, skus: [sku({ onHand: col(0, 2, 300, 15) })] }, { today });
    const r = plan.transfers.find((x) => x.kind === 'REBALANCE')!;
    expect(r).toMatchObject({ fromId: 'S002', toId: 'S001' });
    expect(r.reason).toMatch(/S002 holds .* above its order-up-to level/);
    expect(plan.transfers.some((x) => x.kind === 'REPLENISH')).toBe(false);
  });

  it('orders echelon shortfalls by supplier, in whole packs and at least the MOQ', () => {
    const a = sku({ onHand: col(10, 2, 2, 2) });
    const b = sku({ sku: 'SKU-2', onHand: col(0, 0, 0, 0), dailyMean: col(0.1, 0.1, 0.1, 0.1), dailySd: col(0.3, 0.3, 0.3, 0.3), packSize: 6, moq: 60 });
    const c = sku({ sku: 'SKU-3', supplierId: 'V2', onHand: col(0, 0, 0, 0) });
    const plan = planNetwork({ suppliers, locations, skus: [a, b, c] }, { today });
    expect(plan.purchaseOrders.map((p) => p.supplierId).sort()).toEqual(['V1', 'V2']);
    const v1 = plan.purchaseOrders.find((p) => p.supplierId === 'V1')!;
    expect(v1.lines.map((l) => l.sku)).toEqual(['SKU-1', 'SKU-2']);
    for (const l of v1.lines) expect(l.quantity % (l.sku === 'SKU-2' ? 6 : 12)).toBe(0);
    expect(v1.lines[1].quantity).toBe(60);
    expect(v1.lines[1].reason).toMatch(/MOQ 60/);
    expect(v1.arrivalDay).toBe(today + 10);
    expect(v1.arrivalP10Day).toBeLessThan(v1.arrivalDay);
    expect(v1.arrivalP90Day).toBeGreaterThan(v1.arrivalDay);
    expect(v1.trust).toBe(0.8);
  });

  it('counts an open PO by supplier trust and its chance of arriving in time', () => {
    const base = sku({ onHand: col(0, 0, 0, 0) });
    const none = planNetwork({ suppliers, locations, skus: [base] }, { today }).purchaseOrders[0].lines[0].quantity;
    const onTime = planNetwork({ suppliers, locations, skus: [{ ...base, openPurchaseOrders: [{ id: 'PO1', locationIndex: 0, quantity: 120, orderedDay: today - 5 }] }] }, { today }).purchaseOrders[0]?.lines[0].quantity ?? 0;
    // 120 units due in 5 days from an 80%-trusted supplier count about 96
    expect(none - onTime).toBeGreaterThanOrEqual(84);
    expect(none - onTime).toBeLessThanOrEqual(108);
    const trusted = planNetwork({ suppliers: [{ ...suppliers[0], trust: 1 }], locations, skus: [{ ...base, openPurchaseOrders: [{ id: 'PO1', locationIndex: 0, quantity: 120, orderedDay: today - 5 }] }] }, { today });
    expect(trusted.purchaseOrders[0]?.lines[0].quantity ?? 0).toBeLessThan(onTime);
    expect(arrivalProbability(today, today + 10, suppliers[0])).toBeCloseTo(0.6, 1);
    expect(arrivalProbability(today - 30, today + 1, suppliers[0])).toBeGreaterThan(0.999);
  });

  it('gives a lumpy C item a fill-rate target and a steady A item a cycle service level', () => {
    const plan = planNetwork({ suppliers, locations, skus: [sku({ abc: undefined, onHand: col(0, 0, 0, 0) }), sku({ sku: 'SKU-9', abc: undefined, unitValue: 0.01, onHand: col(0, 0, 0, 0), dailySd: col(5, 5, 5, 5) })] }, { today });
    const lines = plan.purchaseOrders.flatMap((p) => p.lines);
    expect(lines.find((l) => l.sku === 'SKU-1')!.inventoryClass).toBe('AX');
    expect(lines.find((l) => l.sku === 'SKU-9')!.inventoryClass).toBe('CZ');
  });
});
