import { userError, type Channel, type UserError } from '@stockgraph/shared';
import { ID_PATTERN, limits } from '@stockgraph/shared/validation';
import { locationFeedsChannel, type ChannelPolicies } from '@stockgraph/shared/availability';
import type { Registry } from '@stockgraph/shared/registry';

export interface HoldLine { sku: string; locationId: string; quantity: number }

/** Business checks of hold lines; each refusal points at its field in the input. */
export function validateHoldLines(lines: readonly HoldLine[], channel: Channel, registry: Registry, policies: ChannelPolicies, base: (string | number)[] = ['lines']): UserError[] {
  const errors: UserError[] = [];
  if (lines.length === 0) errors.push(userError('INVALID_INPUT', 'At least one line is needed', base));
  if (lines.length > limits.maxListItems) errors.push(userError('INVALID_INPUT', `At most ${limits.maxListItems} lines`, base));
  lines.forEach((l, i) => {
    if (!Number.isInteger(l.quantity) || l.quantity <= 0 || l.quantity > limits.maxQuantity) {
      errors.push(userError('INVALID_QUANTITY', `Quantity must be a whole number from 1 to ${limits.maxQuantity}`, [...base, i, 'quantity']));
    }
    if (!ID_PATTERN.test(l.sku) || !registry.sku(l.sku)) errors.push(userError('UNKNOWN_SKU', `Unknown SKU`, [...base, i, 'sku']));
    const loc = ID_PATTERN.test(l.locationId) ? registry.location(l.locationId) : undefined;
    if (!loc) errors.push(userError('UNKNOWN_LOCATION', `Unknown location`, [...base, i, 'locationId']));
    else if (!locationFeedsChannel(policies[channel], loc)) {
      errors.push(userError('CHANNEL_NOT_SERVED', `Location ${loc.id} does not sell to channel ${channel}`, [...base, i, 'locationId']));
    }
  });
  return errors;
}
