import { normalInv } from '../normal';
import { planReplenishment } from '../planReplenishment';
import type { ReplenishmentItem } from '../replenishmentTypes';

const z95 = normalInv(0.95);

function item(overrides: Partial<ReplenishmentItem> = {}): ReplenishmentItem {
  return {
    sku: 'SKU-1',
    onHand: 50,
    held: 0,
    backorders: 0,
    preorders: 0,
    incoming: [],
    forecast: new Array(28).fill(10),
    forecastSd: 3,
    sources: [{ kind: 'SUPPLIER', id: 'SUP-1', leadTimeDays: 7 }],
    ...overrides,
  };
}

describe('planReplenishment', () => {
  it('orders up to demand over R + L plus safety stock, rounded up to the pack', () => {
    const plan = planReplenishment('S001', [item({ sources: [{ kind: 'SUPPLIER', id: 'SUP-1', leadTimeDays: 7, packSize: 12 }] })]);
    const p = plan.items[0];
    expect(p.leadTimeDays).toBe(7);
    expect(p.safetyStock).toBeCloseTo(z95 * 3 * Math.sqrt(7), 9);
    expect(p.reorderPoint).toBeCloseTo(70 + z95 * 3 * Math.sqrt(7), 9);
    expect(p.orderUpTo).toBeCloseTo(140 + z95 * 3 * Math.sqrt(14), 9);
    // S − IP = 158.47 − 50 = 108.47 → 10 cases of 12
    expect(p.orderQuantity).toBe(120);
    expect(plan.lines).toEqual([{ sku: 'SKU-1', action: 'PURCHASE', sourceId: 'SUP-1', quantity: 120, leadTimeDays: 7 }]);
    // 50 on hand at 10 a day lasts days 0–4
    expect(p.projectedStockoutDay).toBe(5);
  });

  it('reproduces worked example D through the plan: SS 22,491 with s_L = 7 at CSL 0.90', () => {
    const plan = planReplenishment(
      'DC1',
      [item({ forecast: new Array(30).fill(2500), forecastSd: 500, sources: [{ kind: 'SUPPLIER', id: 'S', leadTimeDays: 7, leadTimeSdDays: 7 }] })],
      { cycleServiceLevel: 0.9 },
    );
    expect(Math.round(plan.items[0].safetyStock)).toBe(22491);
    expect(Math.round(plan.items[0].reorderPoint)).toBe(17500 + 22491);
  });

  it('counts incoming by the trust in its type and only when due within R + L', () => {
    const plan = planReplenishment(
      'S001',
      [
        item({
          incoming: [
            { type: 'PURCHASE_ORDER', quantity: 100, etaDays: 3 },
            { type: 'TRANSFER', quantity: 20, etaDays: 5 },
            { type: 'PURCHASE_ORDER', quantity: 500, etaDays: 30 },
          ],
        }),
      ],
      { supplyTrust: { PURCHASE_ORDER: 0.5, TRANSFER: 1 } },
    );
    const p = plan.items[0];
    expect(p.trustedIncoming).toBe(70);
    expect(p.lateIncoming).toBe(500);
    expect(p.inventoryPosition).toBe(120);
    expect(p.orderQuantity).toBe(Math.ceil(p.orderUpTo - 120));
  });

  it('nets backorders and pre-orders out of stock, then incoming, and reports what stays uncovered', () => {
    const plan = planReplenishment('S001', [
      item({ onHand: 30, held: 10, backorders: 15, preorders: 40, incoming: [{ type: 'TRANSFER', quantity: 25, etaDays: 2 }] }),
    ]);
    const p = plan.items[0];
    expect(p.inventoryPosition).toBe(20 - 55 + 25);
    expect(p.backlogFromStock).toBe(20);
    expect(p.backlogFromIncoming).toBe(25);
    expect(p.backlogUncovered).toBe(10);
    // 20 sellable − 15 backordered = 5, gone on day 0; the transfer all goes to pre-orders
    expect(p.projectedStockoutDay).toBe(0);
  });

  it('transfers what a DC can spare first and buys the rest', () => {
    const plan = planReplenishment('S001', [
      item({
        onHand: 0,
        sources: [
          { kind: 'SUPPLIER', id: 'SUP-1', leadTimeDays: 10 },
          { kind: 'DC', id: 'D001', leadTimeDays: 2, available: 55, packSize: 10 },
          { kind: 'DC', id: 'D002', leadTimeDays: 1, available: 0 },
        ],
      }),
    ]);
    const p = plan.items[0];
    expect(p.leadTimeDays).toBe(2);
    expect(plan.lines.map((l) => [l.action, l.sourceId, l.quantity])).toEqual([
      ['TRANSFER', 'D001', 50],
      ['PURCHASE', 'SUP-1', Math.ceil(p.orderUpTo - 50)],
    ]);
    expect(p.unsourced).toBe(0);
  });

  it('reports what no source can supply', () => {
    const plan = planReplenishment('S001', [item({ onHand: 0, sources: [{ kind: 'DC', id: 'D001', leadTimeDays: 2, available: 30 }] })]);
    expect(plan.items[0].orderQuantity).toBe(30);
    expect(plan.items[0].unsourced).toBeCloseTo(plan.items[0].orderUpTo - 30, 9);
  });

  it('EOQ mode orders whole EOQ lots only below the reorder point', () => {
    const costs = { orderCost: 50, holdingCostPerUnitDay: 0.02 };
    const eoq = Math.sqrt((2 * 50 * 10) / 0.02); // ≈ 223.6
    const low = planReplenishment('S001', [item({ onHand: 20, costs })], { orderQuantity: 'EOQ' }).items[0];
    expect(low.orderQuantity).toBe(Math.ceil(eoq));
    const high = planReplenishment('S001', [item({ onHand: 200, costs })], { orderQuantity: 'EOQ' }).items[0];
    expect(high.orderQuantity).toBe(0);
    expect(high.lines).toEqual([]);
  });

  it('refuses an impossible service level', () => {
    expect(() => planReplenishment('S001', [item()], { cycleServiceLevel: 1 })).toThrow(RangeError);
  });
});
