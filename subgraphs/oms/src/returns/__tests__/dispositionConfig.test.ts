import { ConfigError } from '@stockgraph/shared';
import { DEFAULT_CATEGORY_POLICY, parseDispositionConfig, policyFor, seasonalFactor } from '../dispositionConfig';

describe('parseDispositionConfig', () => {
  it('gives the built-in defaults for no input', () => {
    const config = parseDispositionConfig();
    expect(config.default).toEqual(DEFAULT_CATEGORY_POLICY);
    expect(config.categories.size).toBe(0);
    // midpoints of the published ranges
    expect([config.default.refurbishRecoveryRate, config.default.openBoxRate, config.default.liquidationRate]).toEqual([0.8, 0.6, 0.125]);
  });

  it('merges nested overrides field by field: default first, then the category', () => {
    const config = parseDispositionConfig({
      default: { handlingCost: { RESTOCK: 2 }, liquidationRate: 0.1 },
      categories: { TOYS: { handlingCost: { DESTROY: 3 }, refurbishSuccessRate: { DEFECTIVE: 0.3 } } },
    });
    const toys = policyFor(config, 'TOYS');
    expect(toys.handlingCost).toEqual({ ...DEFAULT_CATEGORY_POLICY.handlingCost, RESTOCK: 2, DESTROY: 3 });
    expect(toys.liquidationRate).toBe(0.1);
    expect(toys.refurbishSuccessRate).toEqual({ OPENED: 0.95, DAMAGED: 0.75, DEFECTIVE: 0.3 });
    expect(policyFor(config, 'OTHER').handlingCost.DESTROY).toBe(DEFAULT_CATEGORY_POLICY.handlingCost.DESTROY);
  });

  it('reports every problem at once, with its path', () => {
    let message = '';
    try {
      parseDispositionConfig({ default: { openBoxRate: 1.5 }, categories: { TOYS: { transportCostPerUnitKm: -1, seasonality: { floor: 2 } } } });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain('default.openBoxRate');
    expect(message).toContain('categories.TOYS.transportCostPerUnitKm');
    expect(message).toContain('categories.TOYS.seasonality.floor');
  });

  it('refuses unknown keys and a category that cannot destroy', () => {
    expect(() => parseDispositionConfig({ default: { openBoxRat: 0.5 } })).toThrow(/openBoxRat/);
    expect(() => parseDispositionConfig({ categories: { HAZMAT: { allowedDispositions: ['RESTOCK'] } } })).toThrow(/categories\.HAZMAT\.allowedDispositions: must include DESTROY/);
  });

  it('never resolves a category through the prototype', () => {
    const config = parseDispositionConfig(JSON.parse('{"categories":{"__proto__":{"openBoxRate":0.1}}}'));
    expect(policyFor(config, 'constructor')).toBe(config.default);
    expect(policyFor(config, '__proto__')).toBe(config.default);
    expect(({} as Record<string, unknown>).openBoxRate).toBeUndefined();
  });

  it('keeps the defaults immutable and the resolved policies independent', () => {
    const config = parseDispositionConfig({ categories: { A: {} } });
    policyFor(config, 'A').allowedDispositions.pop();
    expect(config.default.allowedDispositions).toHaveLength(5);
    expect(Object.isFrozen(DEFAULT_CATEGORY_POLICY.handlingCost)).toBe(true);
  });
});

describe('seasonalFactor', () => {
  const policy = { seasonality: { graceDays: 30, dailyDecay: 0.002, floor: 0.5 } };
  it.each([
    [0, 1], [30, 1], [31, 0.998], [130, 0.8], [280, 0.5], [1000, 0.5],
  ])('%i days → %d', (days, factor) => {
    expect(seasonalFactor(policy, days)).toBeCloseTo(factor, 10);
  });
});
