import { createHmac } from 'node:crypto';
import { LegacyError } from '@stockgraph/shared';
import { parsePosTransaction } from '../parsePosTransaction';

const SECRET = 'webhook-secret';
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const sale = {
  txn_id: '0001-20261126-000123',
  store_no: '0001',
  type: 'SALE',
  ts: '2026-11-26T14:00:00.000Z',
  lines: [{ line: 1, barcode: '5012345000017', plu: null, qty: 1, price: '29.99' }],
  order_ref: null,
};

function refused(body: string, header: string | undefined): LegacyError {
  try {
    parsePosTransaction(body, header, SECRET);
  } catch (err) {
    expect(err).toBeInstanceOf(LegacyError);
    expect((err as LegacyError).kind).toBe('format');
    return err as LegacyError;
  }
  throw new Error('expected a refusal');
}

describe('parsePosTransaction', () => {
  it('accepts a correctly signed sale and normalizes it', () => {
    const body = JSON.stringify(sale);
    expect(parsePosTransaction(body, sign(body), SECRET)).toEqual({
      txnId: '0001-20261126-000123',
      storeNo: '0001',
      type: 'SALE',
      at: Date.UTC(2026, 10, 26, 14),
      lines: [{ line: 1, barcode: '5012345000017', plu: null, qty: 1, price: 29.99 }],
      orderRef: null,
      ref: null,
    });
  });

  it('accepts an upper-case hex signature and a count of zero with its request id', () => {
    const body = JSON.stringify({ ...sale, type: 'COUNT', ref: 'DISC-1', lines: [{ line: 1, barcode: '5012345000017', qty: 0 }] });
    const t = parsePosTransaction(body, sign(body).toUpperCase().replace('SHA256=', 'sha256='), SECRET);
    expect(t).toMatchObject({ type: 'COUNT', ref: 'DISC-1', lines: [{ qty: 0, plu: null, price: null }] });
  });

  it('reads the order a return gives back', () => {
    const body = JSON.stringify({ ...sale, type: 'RETURN', order_ref: 'OMS-000007' });
    expect(parsePosTransaction(body, sign(body), SECRET)).toMatchObject({ type: 'RETURN', orderRef: 'OMS-000007' });
  });

  it('refuses a missing signature', () => {
    expect(refused(JSON.stringify(sale), undefined).message).toMatch(/missing/);
    expect(refused(JSON.stringify(sale), '').message).toMatch(/missing/);
  });

  it('refuses a signature made with another secret, a truncated one, or another scheme', () => {
    const body = JSON.stringify(sale);
    expect(refused(body, sign(body, 'guess')).message).toMatch(/invalid/);
    expect(refused(body, sign(body).slice(0, 40)).message).toMatch(/invalid/);
    expect(refused(body, sign(body).replace('sha256=', 'sha1=')).message).toMatch(/invalid/);
  });

  it('refuses a body altered after signing', () => {
    const body = JSON.stringify(sale);
    const altered = body.replace('"qty":1', '"qty":9');
    expect(refused(altered, sign(body)).message).toMatch(/invalid/);
  });

  it('refuses a signed body that is not a valid transaction', () => {
    const notJson = '{"txn_id":';
    expect(refused(notJson, sign(notJson)).message).toMatch(/not JSON/);
    const zeroSale = JSON.stringify({ ...sale, lines: [{ ...sale.lines[0], qty: 0 }] });
    expect(refused(zeroSale, sign(zeroSale)).message).toContain('lines.0.qty');
    const badType = JSON.stringify({ ...sale, type: 'VOID' });
    expect(refused(badType, sign(badType)).message).toContain('type');
    const noCode = JSON.stringify({ ...sale, lines: [{ line: 1, barcode: null, plu: null, qty: 1, price: '1.00' }] });
    expect(refused(noCode, sign(noCode)).message).toContain('lines.0.barcode');
  });

  it('will not verify with an empty secret', () => {
    const body = JSON.stringify(sale);
    expect(() => parsePosTransaction(body, sign(body, ''), '')).toThrow('secret is empty');
  });
});
