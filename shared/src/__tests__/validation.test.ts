import { idempotencyKeyError, KEY_PATTERN } from '../validation';

describe('idempotency keys', () => {
  it('accepts absent and well formed keys', () => {
    expect(idempotencyKeyError(undefined)).toBeNull();
    expect(idempotencyKeyError(null)).toBeNull();
    expect(idempotencyKeyError('cart-42:retry.1_a')).toBeNull();
  });

  it.each(['', 'a b', "' OR 1=1--", '\r\nX: 1', 'x'.repeat(129)])('refuses %j with a userError on the field', (key) => {
    expect(idempotencyKeyError(key)).toEqual({ code: 'INVALID_INPUT', field: ['idempotencyKey'], message: expect.any(String) });
    expect(KEY_PATTERN.test(key)).toBe(false);
  });
});
