// The economic order quantity (Harris 1913; Snyder & Shen §3.2): fixed cost K per order,
// holding cost h per unit per period, demand rate λ per period.

/** Cost per period of ordering Q at a time: g(Q) = K·λ/Q + h·Q/2. */
export function eoqCost(orderQuantity: number, fixedCost: number, holdingCost: number, demandRate: number): number {
  if (!(orderQuantity > 0)) throw new RangeError('order quantity must be positive');
  return (fixedCost * demandRate) / orderQuantity + (holdingCost * orderQuantity) / 2;
}

/** Q* = √(2Kλ/h) and its cost g* = √(2Kλh). */
export function economicOrderQuantity(fixedCost: number, holdingCost: number, demandRate: number): { quantity: number; cost: number } {
  if (!(fixedCost > 0 && holdingCost > 0)) throw new RangeError('fixed and holding costs must be positive');
  if (!(demandRate >= 0)) throw new RangeError('demand rate must be non-negative');
  return { quantity: Math.sqrt((2 * fixedCost * demandRate) / holdingCost), cost: Math.sqrt(2 * fixedCost * demandRate * holdingCost) };
}
