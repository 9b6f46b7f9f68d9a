import { parseKpiEvent } from '../KpiEvents';

const ok = (e: object) => parseKpiEvent(JSON.stringify(e));

describe('parseKpiEvent', () => {
  it('reads supplier terms, open purchase orders, receipts with units and shipments', () => {
    expect(ok({ kind: 'supplier', supplierId: 'V1', trust: 0.85, minimumOrderUnits: 48 })).toEqual({ kind: 'supplier', supplierId: 'V1', trust: 0.85, minimumOrderUnits: 48 });
    expect(ok({ kind: 'supplier', supplierId: 'V2', trust: null, minimumOrderUnits: 0 })).toMatchObject({ trust: null });
    const po = { kind: 'purchaseOrder', poNumber: '45', supplierId: 'V1', locationId: 'D001', orderedAt: 1000, lines: [{ sku: 'SKU-1', quantity: 24, expectedAt: 2000 }] };
    expect(ok(po)).toEqual(po);
    expect(ok({ kind: 'replenishment', poNumber: '45', locationId: 'D001', orderedAt: 1000, receivedAt: 2000, units: 24 })).toMatchObject({ units: 24 });
    expect(ok({ kind: 'replenishment', poNumber: '45', locationId: 'D001', orderedAt: 1000, receivedAt: 2000 })).not.toHaveProperty('units');
    expect(ok({ kind: 'shipments', date: '2026-11-20', channel: 'DTC', orderId: 'OMS-1', shipmentIds: ['SHP-1', 'SHP-2'] })).toMatchObject({ shipmentIds: ['SHP-1', 'SHP-2'] });
  });

  it('refuses malformed facts', () => {
    for (const e of [
      { kind: 'supplier', supplierId: 'V1', trust: 1.5, minimumOrderUnits: 0 },
      { kind: 'supplier', supplierId: 'V1', trust: 0.5, minimumOrderUnits: -1 },
      { kind: 'purchaseOrder', poNumber: '45', supplierId: 'V1', locationId: 'D001', orderedAt: 1000, lines: [{ sku: 'SKU-1', quantity: -3, expectedAt: 2000 }] },
      { kind: 'purchaseOrder', poNumber: '45', supplierId: 'V1', locationId: 'D001', orderedAt: 1000, lines: 'x' },
      { kind: 'replenishment', poNumber: '45', locationId: 'D001', orderedAt: 1000, receivedAt: 2000, units: 'many' },
      { kind: 'shipments', date: '2026-11-20', channel: 'NOPE', orderId: 'OMS-1', shipmentIds: ['SHP-1'] },
      { kind: 'shipments', date: '2026-11-20', channel: 'DTC', orderId: 'OMS-1', shipmentIds: [] },
    ]) expect(ok(e)).toBeNull();
    expect(parseKpiEvent('{not json')).toBeNull();
  });
});
