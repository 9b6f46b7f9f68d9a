import { z } from 'zod';
import type { Rng } from '../generator/Rng';

export interface Faults {
  latencyMs: number;
  jitterMs: number;
  errorRate: number;
  down: boolean;
}

export const NO_FAULTS: Faults = { latencyMs: 0, jitterMs: 0, errorRate: 0, down: false };

export const faultsPatchSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(120_000),
    jitterMs: z.number().int().min(0).max(120_000),
    errorRate: z.number().min(0).max(1),
    down: z.boolean(),
  })
  .partial()
  .strict();

/** The switchboard tests use to make a legacy system slow, flaky or gone. */
export class FaultSwitch {
  private state: Faults = { ...NO_FAULTS };

  constructor(private readonly rng: Rng) {}

  get current(): Faults {
    return { ...this.state };
  }

  set(patch: Partial<Faults>): Faults {
    this.state = { ...this.state, ...faultsPatchSchema.parse(patch) };
    return this.current;
  }

  reset(): void {
    this.state = { ...NO_FAULTS };
  }

  /** How long this request should wait: latency plus up to jitter. */
  delayMs(): number {
    const { latencyMs, jitterMs } = this.state;
    return latencyMs + (jitterMs > 0 ? Math.floor(this.rng.next() * (jitterMs + 1)) : 0);
  }

  shouldFail(): boolean {
    return this.state.errorRate > 0 && this.rng.next() < this.state.errorRate;
  }
}
