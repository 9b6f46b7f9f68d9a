import { ZodError } from 'zod';
import { DEFAULT_ROUTING_CONFIG, parseRoutingConfig } from '../routingConfig';

describe('parseRoutingConfig', () => {
  it('gives the defaults when nothing is overridden', () => {
    expect(parseRoutingConfig()).toEqual(DEFAULT_ROUTING_CONFIG);
  });

  it('overrides one field of one channel and keeps the rest', () => {
    const config = parseRoutingConfig({ channels: { DTC: { slaHours: 24 } }, cost: { splitPenalty: 9 } });
    expect(config.channels.DTC).toEqual({ ...DEFAULT_ROUTING_CONFIG.channels.DTC, slaHours: 24 });
    expect(config.cost).toEqual({ ...DEFAULT_ROUTING_CONFIG.cost, splitPenalty: 9 });
    expect(config.channels.WHOLESALE).toEqual(DEFAULT_ROUTING_CONFIG.channels.WHOLESALE);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      parseRoutingConfig({ cost: { splitPenalty: -1, perKm: { SHIP_FROM_DC: 'far' } }, channels: { DTC: { methods: ['TELEPORT'] } }, typo: 1 });
    } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ZodError);
    const paths = (error as ZodError).issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['', 'channels.DTC.methods.0', 'cost.perKm.SHIP_FROM_DC', 'cost.splitPenalty']);
  });
});
