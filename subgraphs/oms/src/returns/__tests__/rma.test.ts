import { DEFAULT_CATEGORY_POLICY } from '../dispositionConfig';
import {
  RMA_STATUSES, canTransition, createRma, isTerminal, sellableNow, statusTime, transitionRma, withLineDispositions,
  type RmaRecord, type RmaResult, type RmaStatus,
} from '../rma';
import type { ItemCondition } from '../returnTypes';

const fresh = (): RmaRecord =>
  createRma({ id: 'RMA-1', orderId: 'O1', channel: 'DTC', returnLocationId: 'S001', lines: [{ sku: 'A', quantity: 2, condition: 'NEW', originalValue: 59.98 }] }, 1000);

function step(r: RmaResult): RmaRecord {
  if (!r.ok) throw new Error(r.userError.message);
  return r.rma;
}

function walk(to: RmaStatus[]): RmaRecord {
  let rma = fresh();
  let at = 1000;
  for (const s of to) {
    if (s === 'DISPOSED') rma = step(withLineDispositions(rma, [{ disposition: 'RESTOCK', expectedRecovery: 56.98, processingCost: 3 }]));
    rma = step(transitionRma(rma, s, (at += 1000)));
  }
  return rma;
}

const LEGAL: [RmaStatus, RmaStatus][] = [
  ['REQUESTED', 'RECEIVED'], ['RECEIVED', 'INSPECTED'], ['INSPECTED', 'DISPOSED'], ['DISPOSED', 'REFUNDED'], ['DISPOSED', 'EXCHANGED'],
];

describe('RMA state machine', () => {
  it('walks the whole life to REFUNDED or EXCHANGED, keeping history', () => {
    for (const end of ['REFUNDED', 'EXCHANGED'] as const) {
      const rma = walk(['RECEIVED', 'INSPECTED', 'DISPOSED', end]);
      expect(rma.status).toBe(end);
      expect(rma.history.map((h) => h.status)).toEqual(['REQUESTED', 'RECEIVED', 'INSPECTED', 'DISPOSED', end]);
      expect(statusTime(rma, 'DISPOSED')).toBe(4000);
      expect(isTerminal(rma.status)).toBe(true);
    }
  });

  const everyPair = RMA_STATUSES.flatMap((from) => RMA_STATUSES.map((to) => [from, to] as [RmaStatus, RmaStatus]));
  it.each(everyPair)('%s → %s is legal only if listed', (from, to) => {
    const legal = LEGAL.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(legal);
    if (legal) return;
    const path: RmaStatus[] = ['RECEIVED', 'INSPECTED', 'DISPOSED'];
    const rma = walk(from === 'REFUNDED' || from === 'EXCHANGED' ? [...path, from] : path.slice(0, RMA_STATUSES.indexOf(from)));
    expect(rma.status).toBe(from);
    const result = transitionRma(rma, to, 99_999);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.userError).toMatchObject({ code: 'INVALID_INPUT', field: ['status'] });
  });

  it('refuses a clock going backwards', () => {
    const rma = walk(['RECEIVED']);
    const result = transitionRma(rma, 'INSPECTED', 500);
    expect(result.ok).toBe(false);
  });

  it('refuses DISPOSED until every line has a disposition', () => {
    const inspected = walk(['RECEIVED', 'INSPECTED']);
    const refused = transitionRma(inspected, 'DISPOSED', 9000);
    expect(!refused.ok && refused.userError.message).toMatch(/line 0 has no disposition/);
  });

  it('sets dispositions only on an inspected RMA, one per line', () => {
    const received = walk(['RECEIVED']);
    expect(withLineDispositions(received, [{ disposition: 'RESTOCK', expectedRecovery: 1 }]).ok).toBe(false);
    const inspected = walk(['RECEIVED', 'INSPECTED']);
    expect(withLineDispositions(inspected, []).ok).toBe(false);
    const set = step(withLineDispositions(inspected, [{ disposition: 'LIQUIDATE', expectedRecovery: 7.5, processingCost: 0.75 }]));
    expect(set.lines[0]).toMatchObject({ disposition: 'LIQUIDATE', expectedRecovery: 7.5, processingCost: 0.75 });
  });

  it('never mutates the record it was given', () => {
    const rma = fresh();
    const snapshot = JSON.parse(JSON.stringify(rma));
    step(transitionRma(rma, 'RECEIVED', 2000));
    expect(rma).toEqual(snapshot);
  });
});

describe('sellableNow', () => {
  const policy = (openedResale: 'AS_NEW' | 'OPEN_BOX' | 'NONE', restock = true) => ({
    openedResale,
    allowedDispositions: restock ? DEFAULT_CATEGORY_POLICY.allowedDispositions : (['DESTROY'] as const).slice(),
  });
  it.each<[ItemCondition, ReturnType<typeof policy>, boolean]>([
    ['NEW', policy('NONE'), true],
    ['OPENED', policy('AS_NEW'), true],
    ['OPENED', policy('OPEN_BOX'), true],
    ['OPENED', policy('NONE'), false],
    ['DAMAGED', policy('AS_NEW'), false],
    ['DEFECTIVE', policy('AS_NEW'), false],
    ['NEW', policy('AS_NEW', false), false],
  ])('%s with %o → %s', (condition, p, want) => {
    expect(sellableNow(condition, p)).toBe(want);
  });
});
