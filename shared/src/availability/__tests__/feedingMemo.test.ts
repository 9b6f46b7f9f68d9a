import type { Location } from '@stockgraph/shared';
import { DEFAULT_CHANNEL_POLICIES, feedingLocations, feedingMemo } from '@stockgraph/shared/availability';

const loc = (id: string, type: Location['type'], caps: Location['capabilities']): Location => ({
  id, name: id, type, geo: { lat: 53, lng: -1 }, capabilities: caps, dailyCapacity: 40, localCodes: [],
});

describe('feedingMemo', () => {
  it('works a channel out once per locations array, and afresh for a new array', () => {
    let all: readonly Location[] = [loc('S002', 'STORE', ['SHIP_FROM_STORE']), loc('D001', 'DISTRIBUTION_CENTER', ['SHIP_FROM_DC'])];
    let reads = 0;
    const feeding = feedingMemo(DEFAULT_CHANNEL_POLICIES, () => { reads++; return all; });
    const dtc = feeding('DTC');
    expect(dtc).toEqual(feedingLocations(DEFAULT_CHANNEL_POLICIES, 'DTC', all));
    expect(dtc.map((l) => l.id)).toEqual(['D001', 'S002']);
    expect(feeding('DTC')).toBe(dtc);
    expect(feeding('WHOLESALE').map((l) => l.id)).toEqual(['D001']);
    expect(reads).toBe(3);
    // a new catalogue: a new array, worked out again
    all = [...all, loc('D000', 'DISTRIBUTION_CENTER', ['SHIP_FROM_DC'])];
    const next = feeding('DTC');
    expect(next).not.toBe(dtc);
    expect(next.map((l) => l.id)).toEqual(['D000', 'D001', 'S002']);
    expect(feeding('WHOLESALE').map((l) => l.id)).toEqual(['D000', 'D001']);
  });
});
