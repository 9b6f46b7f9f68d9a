import { packPosition, unpackPosition, unpackPublicPosition, type StoredPosition } from '../positionCodec';
import { mulberry32 } from '../../random';

/** the format as documented, read the slow obvious way: what the scanner must agree with */
function reference(packed: string): number[] | null {
  const m = /^(-?\d+)\|(-?\d+)\|(-?\d+)\|(-?\d+)\|(\d+)\|([EWPOL])\|(\d+)(?:\|(\d+))?$/.exec(packed);
  return m ? [1, 2, 3, 4, 5, 7, 8].map((g) => Number(m[g] ?? 0)) : null;
}

const base: StoredPosition = { sku: 'SKU-1', locationId: 'S001', onHand: 12, reserved: 3, safetyStock: 2, incoming: 40, asOf: 1_790_000_000_123, source: 'POS', absoluteAt: 1_789_999_999_000 };

describe('positionCodec', () => {
  it('round-trips a position, negative figures and 13-digit timestamps included', () => {
    const rnd = mulberry32(11);
    const sources = ['ERP', 'WMS', 'POS', 'OMS', 'LEDGER'] as const;
    for (let i = 0; i < 2000; i++) {
      const int = (max: number) => Math.floor(rnd() * max) * (rnd() < 0.2 ? -1 : 1) || 0;
      const p: StoredPosition = {
        ...base, onHand: int(1e6), reserved: int(1e4), safetyStock: int(100), incoming: int(1e5),
        asOf: Math.floor(rnd() * 2e12), source: sources[i % 5]!, absoluteAt: Math.floor(rnd() * 2e12),
        // in transit is an optional eighth field, written only when there is some
        ...(i % 3 === 0 ? { inTransit: 1 + Math.floor(rnd() * 500) } : {}),
      };
      expect(unpackPosition(p.sku, p.locationId, packPosition(p))).toEqual(p);
      const { absoluteAt: _a, ...pub } = p;
      expect(unpackPublicPosition(p.sku, p.locationId, packPosition(p))).toEqual(pub);
    }
  });

  it.each([
    '', '1|2|3|4|5|P', '1|2|3|4|5|P|6|7|8', '1|2|3|4|5|P|6|', '1|2|3|4|5|P|6|-7', '1|2|3|4|5|X|6', '1|2|3|4|-5|P|6', '1|2|3|4|5|P|-6', '1||3|4|5|P|6',
    'a|2|3|4|5|P|6', '1|2|3|4|5|PP|6', '1|2|3|4|5|P|6 ', ' 1|2|3|4|5|P|6', '--1|2|3|4|5|P|6', '1|2|3|4|5|p|6', '1.5|2|3|4|5|P|6',
  ])('refuses a corrupt value %j as the documented format does', (packed) => {
    expect(reference(packed)).toBeNull();
    expect(() => unpackPosition('SKU-1', 'S001', packed)).toThrow(/corrupt ledger position SKU-1@S001/);
    expect(() => unpackPublicPosition('SKU-1', 'S001', packed)).toThrow(/corrupt ledger position/);
  });

  it('reads what the documented format reads', () => {
    for (const packed of ['0|0|0|0|0|L|0', '-3|0|1|0|17|W|16', '007|1|2|3|4|E|5', '1|2|3|4|5|P|6|7']) {
      const p = unpackPosition('SKU-1', 'S001', packed);
      expect([p.onHand, p.reserved, p.safetyStock, p.incoming, p.asOf, p.absoluteAt, p.inTransit ?? 0]).toEqual(reference(packed));
    }
  });
});
