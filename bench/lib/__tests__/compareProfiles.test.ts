import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareProfiles } from '../cpuProfile';

/** a profile of root → handle (gateway/src/h.ts) → write (node:net), plus optionally → extra (shared/src/x.ts), each sample 1 ms */
function profile(root: string, samples: { write: number; handle: number; extra?: number; idle?: number }): string {
  const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, lineNumber: 0 }, children });
  const nodes = [
    frame(1, '(root)', '', [2, 5]),
    frame(2, 'handle', `file://${root}/gateway/src/h.ts`, [3, 4]),
    frame(3, 'writev', 'node:net'),
    frame(4, 'extra', `file://${root}/shared/src/x.ts`),
    frame(5, '(idle)', ''),
  ];
  const ids = [
    ...Array<number>(samples.write).fill(3), ...Array<number>(samples.handle).fill(2),
    ...Array<number>(samples.extra ?? 0).fill(4), ...Array<number>(samples.idle ?? 0).fill(5),
  ];
  const file = join(mkdtempSync(join(tmpdir(), 'cmp-profile-')), 'p.cpuprofile');
  writeFileSync(file, JSON.stringify({ nodes, samples: ids, timeDeltas: ids.map(() => 1000), startTime: 0, endTime: ids.length * 1000 }));
  return file;
}

describe('compareProfiles', () => {
  it('scales ours to the baseline busy time, so a run slower in everything alike shows no difference but its own code', () => {
    // baseline: 10 requests, 60 ms busy (6,000 µs a request); ours: 10 requests, everything twice as slow, plus 10 ms in a function of its own
    const baseline = profile('/work/old', { write: 40, handle: 20, idle: 50 });
    const ours = profile('/work/main', { write: 80, handle: 40, extra: 10 });
    const c = compareProfiles({ file: ours, skipFirstMs: 0, requests: 10 }, { file: baseline, skipFirstMs: 0, requests: 10 });
    expect(c.busyUsPerRequest).toEqual({ ours: 13000, baseline: 6000 });
    expect(c.scale).toBeCloseTo(6000 / 13000, 3);
    const byFn = Object.fromEntries(c.differences.map((d) => [d.fn, d]));
    // the two checkouts' frames match by folder; extra is ours alone
    expect(byFn.extra).toMatchObject({ where: 'shared/src/x.ts:1', baselineUs: 0 });
    expect(byFn.extra!.diffUs).toBeCloseTo(1000 * (6000 / 13000), 0);
    expect(c.differences[0]!.fn).not.toBe('writev');
    expect(Math.abs(byFn.writev!.diffUs)).toBeLessThan(Math.abs(byFn.extra!.diffUs));
  });

  it('leaves out the first skipFirstMs of a profile', () => {
    const file = profile('/w', { write: 10, handle: 10 });
    const c = compareProfiles({ file, skipFirstMs: 10.5, requests: 1 }, { file, skipFirstMs: 0, requests: 1 });
    expect(c.busyUsPerRequest).toEqual({ ours: 10000, baseline: 20000 });
  });
});
