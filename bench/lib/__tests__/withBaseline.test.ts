import { withBaseline, type Contender, type Scenario } from '../scenarios';

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

  it('changes nothing when no baseline runs', () => {
    expect(withBaseline(scenarios, { ours: gateway('ours') })).toBe(scenarios);
  });
});
