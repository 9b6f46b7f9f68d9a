import { repeatOrder, withBaseline, type Contender, type Scenario } from '../scenarios';

const scenario = (name: string, contenders: string[]): Scenario => ({ name, title: name, contenders, asks: [], verify: () => true });
const gateway = (name: string): Contender => ({ name, kind: 'gateway', origin: `http://127.0.0.1/${name}`, pid: 1 });

describe('withBaseline', () => {
  const scenarios = [scenario('single', ['ours', 'uncached', 'hive', 'ceiling']), scenario('hive-only', ['hive'])];

  it('measures the baseline gateway right after ours, wherever ours is measured', () => {
    const out = withBaseline(scenarios, { ours: gateway('ours'), baseline: gateway('baseline') });
    expect(out.map((s) => s.contenders)).toEqual([['ours', 'baseline', 'uncached', 'hive', 'ceiling'], ['hive']]);
    expect(scenarios[0]!.contenders).toEqual(['ours', 'uncached', 'hive', 'ceiling']);
  });

  it('measures it right before ours when asked to', () => {
    const out = withBaseline(scenarios, { ours: gateway('ours'), baseline: gateway('baseline') }, true);
    expect(out[0]!.contenders).toEqual(['baseline', 'ours', 'uncached', 'hive', 'ceiling']);
  });

  it('measures the twin right after the baseline', () => {
    const all = { ours: gateway('ours'), baseline: gateway('baseline'), twin: gateway('twin') };
    expect(withBaseline(scenarios, all)[0]!.contenders).toEqual(['ours', 'baseline', 'twin', 'uncached', 'hive', 'ceiling']);
    expect(withBaseline(scenarios, all, true)[0]!.contenders).toEqual(['baseline', 'twin', 'ours', 'uncached', 'hive', 'ceiling']);
  });

  it('changes nothing when no baseline runs', () => {
    expect(withBaseline(scenarios, { ours: gateway('ours') })).toBe(scenarios);
  });
});

describe('repeatOrder', () => {
  it('keeps the order unless alternating', () => {
    expect(repeatOrder(['a', 'b', 'c'], 1, false)).toEqual(['a', 'b', 'c']);
  });

  it('reverses two on every other repeat', () => {
    expect([0, 1, 2, 3].map((r) => repeatOrder(['a', 'b'], r, true))).toEqual([['a', 'b'], ['b', 'a'], ['a', 'b'], ['b', 'a']]);
  });

  it('puts each of three in each place once every three repeats', () => {
    const orders = [0, 1, 2].map((r) => repeatOrder(['a', 'b', 'c'], r, true));
    expect(orders).toEqual([['a', 'b', 'c'], ['b', 'c', 'a'], ['c', 'a', 'b']]);
    for (let place = 0; place < 3; place++) expect(new Set(orders.map((o) => o[place]))).toEqual(new Set(['a', 'b', 'c']));
  });
});
