import { isValidGeoPoint, userError, type Channel, type GeoPoint, type UserError } from '@stockgraph/shared';
import { ID_PATTERN, idempotencyKeyError, limits } from '@stockgraph/shared/validation';
import type { Registry } from '@stockgraph/shared/registry';

export interface RouteOrderInput {
  orderId?: string | null;
  channel: Channel;
  destination?: GeoPoint | null;
  pickupLocationId?: string | null;
  lines: { sku: string; quantity: number }[];
  reserve?: boolean | null;
  /** place what stock cannot cover against incoming supply; default from the channel's routing policy */
  allowBackorder?: boolean | null;
  idempotencyKey?: string | null;
}

/** Business checks of an order to route; each refusal points at its field. */
export function validateRouteInput(input: RouteOrderInput, registry: Registry): UserError[] {
  const errors: UserError[] = [];
  if (input.lines.length === 0) errors.push(userError('INVALID_INPUT', 'At least one line is needed', ['lines']));
  if (input.lines.length > limits.maxListItems) errors.push(userError('INVALID_INPUT', `At most ${limits.maxListItems} lines`, ['lines']));
  input.lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity <= 0 || l.quantity > limits.maxQuantity) {
      errors.push(userError('INVALID_QUANTITY', `Quantity must be a whole number from 1 to ${limits.maxQuantity}`, ['lines', i, 'quantity']));
    }
    if (!ID_PATTERN.test(l.sku) || !registry.sku(l.sku)) errors.push(userError('UNKNOWN_SKU', 'Unknown SKU', ['lines', i, 'sku']));
  });
  const hasDest = input.destination != null;
  const hasPickup = input.pickupLocationId != null;
  if (hasDest === hasPickup) errors.push(userError('INVALID_INPUT', 'Give either destination (delivery) or pickupLocationId (click-and-collect)', [hasDest ? 'pickupLocationId' : 'destination']));
  if (hasDest && !isValidGeoPoint(input.destination!)) errors.push(userError('INVALID_INPUT', 'destination must have lat in [-90, 90] and lng in [-180, 180]', ['destination']));
  if (hasPickup) {
    const loc = ID_PATTERN.test(input.pickupLocationId!) ? registry.location(input.pickupLocationId!) : undefined;
    if (!loc) errors.push(userError('UNKNOWN_LOCATION', 'Unknown pickup location', ['pickupLocationId']));
    else if (!loc.capabilities.includes('PICKUP_IN_STORE')) errors.push(userError('INVALID_INPUT', `${loc.id} offers no click-and-collect`, ['pickupLocationId']));
  }
  if (input.orderId != null && !ID_PATTERN.test(input.orderId)) errors.push(userError('INVALID_INPUT', 'orderId: 1–64 letters, digits, . _ : -', ['orderId']));
  const keyError = idempotencyKeyError(input.idempotencyKey);
  if (keyError) errors.push(keyError);
  return errors;
}
