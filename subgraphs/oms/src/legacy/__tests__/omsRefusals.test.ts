import { ErrorCode } from '@stockgraph/shared';
import { REFUSALS } from '../omsWire';
import { OMS_REFUSAL_CODES, omsRefusal } from '../omsRefusals';

describe('omsRefusal', () => {
  it('gives every refusal of the protocol a registered code, and never INTERNAL_SERVER_ERROR', () => {
    const registered = new Set<string>(Object.values(ErrorCode));
    for (const r of [...REFUSALS, 'duplicate', 'other'] as const) {
      expect(registered.has(OMS_REFUSAL_CODES[r])).toBe(true);
      expect(OMS_REFUSAL_CODES[r]).not.toBe('INTERNAL_SERVER_ERROR');
    }
  });

  it('names the write and the OMS code, on the field given', () => {
    expect(omsRefusal({ refusal: 'not_cancellable', detail: 'not_cancellable' }, 'cancellation', ['orderId'])).toEqual({
      code: 'ALREADY_FULFILLED', field: ['orderId'], message: 'The OMS refused the cancellation: not_cancellable',
    });
    expect(omsRefusal({ refusal: 'other', detail: 'line_closed' }, 'order', null).code).toBe('OMS_REFUSED');
  });
});
