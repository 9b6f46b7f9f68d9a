import type { Logger } from '@stockgraph/shared';
import { ErpSimulator } from './erp/ErpSimulator';
import { generateWorld } from './generator/generateWorld';
import { BENCH_WORLD_OPTIONS, type World, type WorldOptions } from './generator/World';
import { OmsSimulator } from './oms/OmsSimulator';
import { PosSimulator } from './pos/PosSimulator';
import type { WebhookOptions } from './pos/WebhookDispatcher';
import { WmsSimulator } from './wms/WmsSimulator';

export type SimulatorSize = 'default' | 'bench' | Partial<WorldOptions>;

export interface StartSimulatorsOptions {
  seed?: number;
  size?: SimulatorSize;
  ports?: { erp?: number; wms?: number; pos?: number; oms?: number };
  host?: string;
  logger?: Logger;
  webhook?: Partial<WebhookOptions>;
}

export interface RunningSimulators {
  world: World;
  erp: ErpSimulator;
  wms: WmsSimulator;
  pos: PosSimulator;
  oms: OmsSimulator;
  urls: { erp: string; wms: string; pos: string; oms: string };
  close(): Promise<void>;
}

function worldOptions(size: SimulatorSize | undefined, seed: number | undefined): Partial<WorldOptions> {
  const base = size === 'bench' ? BENCH_WORLD_OPTIONS : size === 'default' || size === undefined ? {} : size;
  return seed === undefined ? base : { ...base, seed };
}

/** Generates one world and serves it from all four legacy systems (port 0 = any free port). */
export async function startSimulators(opts: StartSimulatorsOptions = {}): Promise<RunningSimulators> {
  const world = generateWorld(worldOptions(opts.size, opts.seed));
  const common = { logger: opts.logger };
  const erp = new ErpSimulator(world, common);
  const wms = new WmsSimulator(world, common);
  const pos = new PosSimulator(world, { ...common, webhook: opts.webhook });
  const oms = new OmsSimulator(world, common);
  const all = [erp, wms, pos, oms];
  const close = async () => {
    await Promise.all(all.map((s) => s.close()));
  };
  try {
    const host = opts.host ?? '127.0.0.1';
    const [e, w, p, o] = await Promise.all([
      erp.start(opts.ports?.erp ?? 0, host),
      wms.start(opts.ports?.wms ?? 0, host),
      pos.start(opts.ports?.pos ?? 0, host),
      oms.start(opts.ports?.oms ?? 0, host),
    ]);
    return { world, erp, wms, pos, oms, urls: { erp: e.url, wms: w.url, pos: p.url, oms: o.url }, close };
  } catch (err) {
    await close();
    throw err;
  }
}
