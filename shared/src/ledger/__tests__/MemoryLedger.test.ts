import { MemoryLedger } from '../MemoryLedger';
import { mv, runLedgerContract } from './ledgerContract';

runLedgerContract('MemoryLedger', async (opts) => new MemoryLedger(opts), async () => undefined);

describe('MemoryLedger specifics', () => {
  it('forgets a dedupe mark after its TTL, on its clock', async () => {
    let now = 1_000_000;
    const l = new MemoryLedger({ dedupeTtlMs: 1000, clock: () => now });
    const key = { sku: 'SKU-A', locationId: 'S001' };
    await l.applyMovement(mv(key.sku, key.locationId, 'e1', { delta: 5 }));
    now += 999;
    expect((await l.applyMovement(mv(key.sku, key.locationId, 'e1', { delta: 5 }))).outcome).toBe('DUPLICATE');
    now += 1;
    expect((await l.applyMovement(mv(key.sku, key.locationId, 'e1', { delta: 5 }))).position.onHand).toBe(10);
  });

  it('drops finished reservations after their retention', async () => {
    let now = 1_000_000;
    const l = new MemoryLedger({ reservationRetentionMs: 500, clock: () => now });
    await l.loadSnapshot([{ sku: 'SKU-A', locationId: 'S001', onHand: 3, at: 1, source: 'ERP' }]);
    const res = await l.reserve({ holdId: 'h', channel: 'DTC', lines: [{ sku: 'SKU-A', locationId: 'S001', quantity: 1 }], ttlMs: 100, now });
    if (!res.ok) throw new Error('expected a hold');
    await l.release(res.reservations[0]!.id, now);
    now += 499;
    expect((await l.getReservations([res.reservations[0]!.id]))[0]!.status).toBe('RELEASED');
    now += 1;
    expect(await l.getReservations([res.reservations[0]!.id])).toEqual([null]);
  });
});
