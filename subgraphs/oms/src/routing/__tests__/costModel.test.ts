import { planCost, shipmentCost, shipmentFixedCost, unitHandlingCost } from '../costModel';
import { promiseHours, promisedBy, transitHours } from '../deliveryPromise';
import { DEFAULT_ROUTING_CONFIG as config } from '../routingConfig';

describe('cost model', () => {
  it.each([
    ['STORE', 'SHIP_FROM_STORE', 10, config.cost.perShipment.STORE + 10 * config.cost.perKm.SHIP_FROM_STORE],
    ['DISTRIBUTION_CENTER', 'SHIP_FROM_DC', 250, config.cost.perShipment.DISTRIBUTION_CENTER + 250 * config.cost.perKm.SHIP_FROM_DC],
    ['STORE', 'PICKUP_IN_STORE', 0, config.cost.perShipment.STORE],
  ] as const)('%s via %s at %i km', (type, method, km, expected) => {
    expect(shipmentFixedCost(config.cost, type, method, km)).toBeCloseTo(expected, 9);
  });

  it('charges backordered units the extra handling', () => {
    expect(unitHandlingCost(config.cost, 'STORE', true) - unitHandlingCost(config.cost, 'STORE', false)).toBeCloseTo(config.cost.backorderPerUnit, 9);
  });

  it('adds the split penalty for every shipment after the first', () => {
    expect(shipmentCost(5, 2, 3)).toBe(11);
    expect(planCost([], 3)).toBe(0);
    expect(planCost([7], 3)).toBe(7);
    expect(planCost([7, 4, 1], 3)).toBe(7 + 4 + 1 + 2 * 3);
  });
});

describe('delivery promise', () => {
  it('is processing plus transit by distance for a delivery', () => {
    const leg = config.transit.SHIP_FROM_DC;
    expect(transitHours(config, 'SHIP_FROM_DC', 100)).toBeCloseTo(leg.baseHours + 100 / leg.kmPerHour, 9);
    expect(promiseHours(config, { method: 'SHIP_FROM_DC', processingHours: 12, distanceKm: 100 })).toBeCloseTo(12 + leg.baseHours + 100 / leg.kmPerHour, 9);
  });

  it('is the store processing alone for a local pickup, and later for a transfer or a backorder', () => {
    const local = promiseHours(config, { method: 'PICKUP_IN_STORE', processingHours: 3, distanceKm: 0, localPickup: true });
    const transfer = promiseHours(config, { method: 'PICKUP_IN_STORE', processingHours: 4, distanceKm: 30, transferToPickup: { pickupProcessingHours: 3 } });
    const backorder = promiseHours(config, { method: 'PICKUP_IN_STORE', processingHours: 3, distanceKm: 0, localPickup: true, backorderHours: 48 });
    expect(local).toBe(3);
    expect(transfer).toBeCloseTo(4 + transitHours(config, 'PICKUP_IN_STORE', 30) + 3, 9);
    expect(backorder).toBe(51);
  });

  it('turns hours into an ISO time from now', () => {
    expect(promisedBy(Date.UTC(2024, 0, 1, 10), 2.5)).toBe('2024-01-01T12:30:00.000Z');
  });
});
